using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;

namespace Mudbase.Server.TransparencyLog;

/// <summary>Runs the self-check over every log at start and periodically, and remembers the latest results.</summary>
internal sealed partial class LedgerMonitor(
    LedgerSelfCheck selfCheck, ILedgerStore store, IOptions<LedgerOptions> options, TimeProvider time,
    ILogger<LedgerMonitor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, SelfCheckResult> results = new(StringComparer.Ordinal);

    public DateTimeOffset? LastRunAt { get; private set; }

    public IReadOnlyCollection<SelfCheckResult> Results => results.Values.ToList();

    public SelfCheckResult? ResultFor(string orgId) => results.GetValueOrDefault(orgId);

    public async Task<IReadOnlyList<SelfCheckResult>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var run = new List<SelfCheckResult>();
        foreach (var orgId in await store.LogOrgIdsAsync(cancellationToken))
        {
            SelfCheckResult result;
            try
            {
                result = await selfCheck.CheckAsync(orgId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = new SelfCheckResult(orgId, false, 0, time.GetUtcNow(), $"the log could not be read: {e.Message}", null);
            }
            if (!result.Ok)
                LogMismatch(logger, orgId, result.FirstBadIndex, result.Problem);
            results[orgId] = result;
            run.Add(result);
        }
        LastRunAt = time.GetUtcNow();
        return run;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.SelfCheckIntervalMinutes));
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRunFailed(logger, e);
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    // A host that fails to start is disposed without being stopped: the cancelled wait then ends the loop quietly
    // instead of being reported as a crashed background service.
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "LEDGER INTEGRITY FAILURE in {OrgId} at leaf {LeafIndex}: {Problem}")]
    private static partial void LogMismatch(ILogger logger, string orgId, long? leafIndex, string? problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ledger self-check could not run")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
