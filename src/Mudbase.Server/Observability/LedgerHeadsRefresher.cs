using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Observability;

/// <summary>
/// Loads every log's latest checkpoint at start and again at the self-check interval, so the gauges cover logs this
/// process has not written to (after a restart, or appended by another node).
/// </summary>
internal sealed partial class LedgerHeadsRefresher(
    ILedgerStore store, LedgerHeads heads, IOptions<LedgerOptions> options, TimeProvider time, ILogger<LedgerHeadsRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, options.Value.SelfCheckIntervalMinutes)), time);
        do
        {
            try
            {
                foreach (var orgId in await store.LogOrgIdsAsync(stoppingToken))
                {
                    if (await store.LatestCheckpointAsync(orgId, stoppingToken) is { } latest)
                        heads.Observe(orgId, latest.TreeSize, latest.SignedAt);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the ledger heads for the metrics")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
