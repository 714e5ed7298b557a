using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.Health;

/// <summary>
/// <c>GET /health</c> in the official contract's shape (<c>status</c>, <c>timestamp</c>, <c>version</c>, <c>uptime</c>,
/// <c>services</c> with one entry per registered check) plus <c>checks</c>: each check's status and reason. 503 when
/// a check fails, so load balancers take the node out.
/// </summary>
internal static class HealthApi
{
    public static void MapHealthApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/health", CheckAsync)
            .WithName("healthCheck")
            .WithTags("Health")
            .WithSummary("Health")
            .WithDescription("Public. `healthy` with 200, or `unhealthy` with 503 when a check fails; `services` has every check (`database`, `ledger`, `storage-write`, `disk`) by name.")
            .WithNoStore()
            .AllowAnonymous()
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> CheckAsync(
        HealthCheckService health, ServerInfo info, TimeProvider time, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = new SortedDictionary<string, HealthCheckView>(
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckView(e.Value.Status.ToString(), e.Value.Description)), StringComparer.Ordinal);
        var body = new HealthResponse(ServiceStates.Overall(report.Status), time.GetUtcNow(), info.Version, info.UptimeSeconds,
            ServiceStates.Services(report), checks);
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }
}
