using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Hosting;

internal static class HealthSetup
{
    public static IServiceCollection AddMudbaseHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static void MapMudbaseHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health").ExcludeFromDescription();
        // Liveness only: the process answers; used by orchestrators to decide on restarts.
        routes.MapGet("/alive", () => TypedResults.Text("Healthy")).ExcludeFromDescription();
    }

    private sealed class DatabaseHealthCheck(IStorageMigrator storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await storage.IsHealthyAsync(cancellationToken)
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
    }
}
