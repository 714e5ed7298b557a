using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Mudbase.Server.Common;

namespace Mudbase.Server.Health;

/// <summary>
/// Free space where the data directory lives: degraded under 1 GiB, unhealthy under 100 MiB, where SQLite and the
/// generated keys can no longer be written safely. With PostgreSQL the database's own disk is the operator's to watch.
/// </summary>
internal sealed class DiskHealthCheck(IOptions<MudbaseOptions> options) : IHealthCheck
{
    private const long Degraded = 1L << 30;
    private const long Unhealthy = 100L << 20;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (DiskSpace.Of(options.Value.FullDataDirectory) is not { } disk)
            return Task.FromResult(HealthCheckResult.Degraded("data directory's disk not found"));
        var text = $"{disk.Available >> 20} MiB free of {disk.Total >> 20} MiB";
        return Task.FromResult(disk.Available < Unhealthy ? HealthCheckResult.Unhealthy(text)
            : disk.Available < Degraded ? HealthCheckResult.Degraded(text)
            : HealthCheckResult.Healthy(text));
    }
}
