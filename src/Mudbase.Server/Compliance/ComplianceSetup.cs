using Mudbase.Server.Compliance.AccessReview;
using Mudbase.Server.Compliance.Idempotency;
using Mudbase.Server.Compliance.ProcessingRecord;

namespace Mudbase.Server.Compliance;

/// <summary>The compliance feature's services: recording events, idempotent writes, access reviews and the Article 30 record.</summary>
internal static class ComplianceSetup
{
    public static IServiceCollection AddMudbaseCompliance(this IServiceCollection services)
    {
        services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.Section);
        services.AddSingleton<SecurityEventRecorder>();
        services.AddMudbaseIdempotency();
        services.AddAccessReviews();
        services.AddProcessingRecords();
        return services;
    }
}
