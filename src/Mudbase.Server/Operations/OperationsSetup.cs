using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Operations;

internal static class OperationsSetup
{
    public static IServiceCollection AddMudbaseOperations(this IServiceCollection services)
    {
        services.AddOptions<ExpectedCheckpointOptions>().BindConfiguration(LedgerOptions.Section);
        services.AddHostedService<ExpectedCheckpointGuard>();
        return services;
    }
}
