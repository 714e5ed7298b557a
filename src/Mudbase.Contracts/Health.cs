namespace Mudbase.Contracts;

/// <summary>Answer of <c>GET /health</c>, in the official contract's shape, plus each check's reason.</summary>
/// <param name="Status"><c>healthy</c>, or <c>unhealthy</c> when a check fails (then the status code is 503).</param>
/// <param name="Timestamp">When the checks ran.</param>
/// <param name="Version">The server's version.</param>
/// <param name="Uptime">Seconds since the process started.</param>
/// <param name="Services">Every health check by name (<c>database</c>, <c>ledger</c>, <c>disk</c>, …): <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</param>
/// <param name="Checks">Every health check by name with its reason.</param>
public sealed record HealthResponse(
    string Status, DateTimeOffset Timestamp, string Version, long Uptime, IReadOnlyDictionary<string, string> Services,
    IReadOnlyDictionary<string, HealthCheckView> Checks);

/// <summary>One health check's outcome.</summary>
/// <param name="Status"><c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>.</param>
/// <param name="Description">Why, in a few words.</param>
public sealed record HealthCheckView(string Status, string? Description);
