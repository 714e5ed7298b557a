using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Health;

internal static class HealthSetup
{
    public static IServiceCollection AddMudbaseHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<LedgerHealthCheck>("ledger")
            .AddCheck<WriteProbeHealthCheck>("storage-write")
            .AddCheck<DiskHealthCheck>("disk");
        services.AddSingleton<ServerInfo>();
        services.AddSingleton<RequestCounters>();
        return services;
    }

    /// <summary>Counts every answer for <c>/api/status</c>; goes first so that errors answered by later middleware count too.</summary>
    public static IApplicationBuilder UseMudbaseRequestCounters(this IApplicationBuilder app) => RequestCounters.UseRequestCounters(app);

    public static void MapMudbaseHealth(this IEndpointRouteBuilder routes)
    {
        // Resolved here so that uptime counts from start, not from the first health request.
        routes.ServiceProvider.GetRequiredService<ServerInfo>();
        routes.MapHealthApi();
        // Liveness only: the process answers; used by orchestrators to decide on restarts.
        routes.MapGet("/alive", () => TypedResults.Text("Healthy")).ExcludeFromDescription();
        routes.MapStatusApi();
    }

    private sealed class LedgerHealthCheck(LedgerMonitor monitor) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var failed = monitor.Results.Where(r => !r.Ok).ToList();
            return Task.FromResult(failed.Count == 0
                ? HealthCheckResult.Healthy(monitor.LastRunAt is null ? "self-check pending" : $"{monitor.Results.Count} logs verified")
                : HealthCheckResult.Unhealthy(string.Join("; ", failed.Select(f => $"{f.OrgId}: {f.Problem} (leaf {f.FirstBadIndex})"))));
        }
    }

    private sealed class DatabaseHealthCheck(IStorageMigrator storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await storage.IsHealthyAsync(cancellationToken)
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
    }
}
