namespace Mudbase.Server.Compliance.ProcessingRecord;

internal static class ProcessingRecordSetup
{
    public static IServiceCollection AddProcessingRecords(this IServiceCollection services)
    {
        services.AddSingleton<DataRetention>();
        services.AddSingleton<ProcessingProfiles>();
        services.AddSingleton<ProcessingRecordBuilder>();
        return services;
    }
}
