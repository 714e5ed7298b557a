using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Health;

/// <summary>Unhealthy while the database cannot commit a write (disk full, read-only file, lost connection).</summary>
internal sealed class WriteProbeHealthCheck(IWriteProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await probe.ProbeAsync(cancellationToken) is { } failure
            ? HealthCheckResult.Unhealthy(failure)
            : HealthCheckResult.Healthy("writes commit");
}
