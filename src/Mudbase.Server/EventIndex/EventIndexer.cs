using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.EventIndex;

/// <summary>
/// Writes the detail index behind the log (docs/ARCHITECTURE.md "Data layout"): woken by <see cref="CommitSignal"/>
/// and polling for other nodes' commits, it indexes an organisation once <see cref="EventIndexOptions.RunEvents"/>
/// events wait past its watermark, or once the oldest has waited <see cref="EventIndexOptions.MaxDelayMilliseconds"/>.
/// Queries read the unindexed tail, so an acknowledged event is found whether or not it is indexed yet; a crash
/// between append and indexing leaves a longer tail, which the next step (after restart) indexes.
/// </summary>
internal sealed partial class EventIndexer(
    IEventIndexStore store, CommitSignal signal, TimeProvider time, IOptions<EventIndexOptions> options, ILogger<EventIndexer> logger)
    : BackgroundService
{
    // Commits pulse far more often than the index needs a look: waiting a moment first folds them together.
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    // When this node first saw each organisation with fewer events waiting than a run.
    private readonly ConcurrentDictionary<string, DateTimeOffset> waitingSince = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        var poll = TimeSpan.FromMilliseconds(Math.Max(10, Math.Min(options.Value.PollMilliseconds, options.Value.MaxDelayMilliseconds)));
        while (!stoppingToken.IsCancellationRequested)
        {
            var pulse = signal.Next;
            try
            {
                await IndexDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogIndexingFailed(logger, e);
            }
            try
            {
                await Task.Delay(MinInterval, time, stoppingToken);
                await pulse.WaitAsync(poll, time, stoppingToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Indexes the organisations that are due: enough events waiting, or waiting long enough.</summary>
    public async Task IndexDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var pending = await store.PendingAsync(cancellationToken);
        foreach (var key in waitingSince.Keys.Except(pending.Select(p => p.OrgId)))
            waitingSince.TryRemove(key, out _);
        foreach (var org in pending)
        {
            // On a shared database the oldest waiting event's time, the same on every node: once one node indexed
            // the organisation, the others find it not due. This node's own first sight when there is none, or when
            // that time lies ahead of this node's clock.
            var since = org.Since is { } oldest && oldest <= now ? oldest : waitingSince.GetOrAdd(org.OrgId, now);
            // Only tried: when another node is indexing this organisation, it is left to it (and looked at again
            // next round) rather than waited for.
            if ((org.Events >= settings.RunEvents || now - since >= TimeSpan.FromMilliseconds(settings.MaxDelayMilliseconds))
                && await CatchUpAsync(org.OrgId, wait: false, cancellationToken))
                waitingSince.TryRemove(org.OrgId, out _);
        }
    }

    /// <summary>Indexes everything that waits now, whatever its size or age.</summary>
    public async Task IndexAllAsync(CancellationToken cancellationToken)
    {
        foreach (var org in await store.PendingAsync(cancellationToken))
            await CatchUpAsync(org.OrgId, wait: true, cancellationToken);
    }

    // False when the organisation's index was taken (by another node's indexer or an erasure) and not waited for.
    private async Task<bool> CatchUpAsync(string orgId, bool wait, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        int? indexed;
        do
        {
            indexed = wait
                ? await EventIndexStep.RunAsync(store, orgId, settings.MaxRunEvents, settings.RunEvents, cancellationToken)
                : await EventIndexStep.TryRunAsync(store, orgId, settings.MaxRunEvents, settings.RunEvents, cancellationToken);
            if (indexed > 0)
                LogIndexed(logger, indexed.Value, orgId);
        }
        while (indexed == settings.MaxRunEvents);
        return indexed is not null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexing event details failed; queries read the unindexed tail meanwhile")]
    private static partial void LogIndexingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Indexed the details of {Events} events of {OrgId}")]
    private static partial void LogIndexed(ILogger logger, int events, string orgId);
}
