using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mudbase.Server.Health;

/// <summary>The official contract's words for health: <c>healthy</c> or <c>unhealthy</c> overall, and each check's state by name.</summary>
internal static class ServiceStates
{
    /// <summary>Degraded still serves requests, so the overall answer is healthy; the check itself says <c>degraded</c>.</summary>
    public static string Overall(HealthStatus status) => status == HealthStatus.Unhealthy ? "unhealthy" : "healthy";

    public static string Of(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    /// <summary>Every registered check by name, whatever checks the host registered.</summary>
    public static SortedDictionary<string, string> Services(HealthReport report) =>
        new(report.Entries.ToDictionary(entry => entry.Key, entry => Of(entry.Value.Status)), StringComparer.Ordinal);
}
