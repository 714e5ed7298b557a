using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Mudbase.Server.Hosting;
using Mudbase.Server.Observability;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Tiles;

namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// The append path, top to bottom (DESIGN §3, docs/ARCHITECTURE.md). Callers prepare their leaves and queue them;
/// the single writer loop drains every request waiting (up to the batch size) and drives one transaction:
/// lock the heads → claim idempotency keys → read the right-edge tiles → plan → write → commit (one fsync for the
/// whole batch) → complete each request. A failed commit fails every request of the batch and writes nothing. The
/// drafts of one request always share a transaction. Storage only does the I/O of each step.
/// </summary>
internal sealed partial class EventAppender(
    IAppendStore store, AppendPlanner planner, IOptions<StorageOptions> options, LedgerHeads heads, CommitSignal committed,
    ILogger<EventAppender> logger) : BackgroundService
{
    private readonly Channel<Pending> queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(16 * 1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Requests queued and not yet taken by the writer.</summary>
    public int QueueDepth => queue.Reader.Count;

    public async Task<AppendedEvent> AppendAsync(EventDraft draft, CancellationToken cancellationToken) =>
        (await AppendAllAsync([draft], cancellationToken))[0];

    public async Task<IReadOnlyList<AppendedEvent>> AppendAllAsync(IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken)
    {
        using var activity = AppendTracing.StartAppend(drafts.Count);
        // Salting, committing and serialising need no lock: done here, on the callers' threads, the single writer
        // is left with hashing and storing.
        var prepared = new PreparedDraft[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
            prepared[i] = new PreparedDraft(drafts[i], AppendPlanner.Prepare(drafts[i]));
        var pending = new Pending(prepared, activity?.Context ?? default, new TaskCompletionSource<IReadOnlyList<AppendedEvent>>(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(pending, cancellationToken);
        // Once queued the events may commit, so the caller waits for the outcome rather than abandoning it.
        return await pending.Completion.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var maxBatch = Math.Max(1, options.Value.MaxBatchSize);
        var batch = new List<Pending>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var size = 0;
                while (size < maxBatch && queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                    size += next.Events.Count;
                }
                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            queue.Writer.TryComplete();
            // Drain what was already accepted so no queued request is left hanging at shutdown.
            while (queue.Reader.TryRead(out var next))
                batch.Add(next);
            if (batch.Count > 0)
                await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        using var activity = AppendTracing.StartCommit(batch.Select(p => p.Caller));
        var started = Stopwatch.GetTimestamp();
        var count = batch.Sum(p => p.Events.Count);
        try
        {
            var events = batch.Count == 1 ? batch[0].Events : batch.SelectMany(p => p.Events).ToList();
            var (written, results) = await AppendBatchAsync(events, CancellationToken.None);
            MudbaseInstruments.Appended(count, started);
            heads.Observe(written, results);
            if (results.Count > 0)
                committed.Committed();
            var offset = 0;
            foreach (var pending in batch)
            {
                // A request whose idempotency key was already used wrote nothing: its answer is the claim's record.
                var size = pending.Events[0].Draft.Claim?.Found is not null ? 0 : pending.Events.Count;
                pending.Completion.TrySetResult(Slice(results, offset, size));
                offset += size;
            }
        }
        catch (Exception e)
        {
            LogCommitFailed(logger, count, e);
            AppendTracing.Failed(activity, count, e);
            // A tampered store is not an unavailable one: it keeps its own exception, answered LEDGER_INTEGRITY.
            var failure = e is StorageUnavailableException or LedgerIntegrityException ? e : new StorageUnavailableException("The event could not be committed", e);
            foreach (var pending in batch)
                pending.Completion.TrySetException(failure);
        }
    }

    /// <summary>One transaction: the drafts written (a replayed idempotency key writes none) and where each landed.</summary>
    private async Task<(IReadOnlyList<EventDraft> Written, IReadOnlyList<AppendedEvent> Results)> AppendBatchAsync(
        IReadOnlyList<PreparedDraft> events, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);

        // Lock: every touched head, in byte order of org id on every node, so two batches never deadlock.
        var orgIds = events.Select(e => e.Draft.OrgId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var logHeads = await session.LockHeadsAsync(orgIds, cancellationToken);

        // Claim: under the locks, so what the claims read cannot change before the commit.
        var drafts = events.Select(e => e.Draft).ToList();
        if (IdempotencyClaims.Of(drafts) is { Count: > 0 } claims)
        {
            await session.ClaimAsync(claims, cancellationToken);
            events = events.Where(e => e.Draft.Claim?.Found is null).ToList();
        }

        // Plan: each organisation's leaves, tiles and checkpoint, grown from its locked head and right-edge tiles.
        var groups = events.GroupBy(e => e.Draft.OrgId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var edges = await session.ReadTilesAsync(groups
            .SelectMany(g => TileLayout.PartialTiles(logHeads[g.Key].Size).Select(t => new TileId(g.Key, t.Level, t.Index)))
            .ToList(), cancellationToken);
        var plans = groups.Select(g => planner.Plan(logHeads[g.Key], edges, g.ToList())).ToList();

        // Write and commit: durable when CommitAsync returns, and only then are the results handed out.
        await session.WriteAsync(plans, cancellationToken);
        await session.CommitAsync(cancellationToken);

        var landed = plans.SelectMany(p => p.Leaves)
            .ToDictionary(l => l.Draft.Id, l => new AppendedEvent(l.Draft.Id, l.Sequence, l.LeafHash, l.Draft.RecordedAt), StringComparer.Ordinal);
        var written = events.Select(e => e.Draft).ToList();
        return (written, written.Select(d => landed[d.Id]).ToList());
    }

    private static IReadOnlyList<AppendedEvent> Slice(IReadOnlyList<AppendedEvent> results, int offset, int count) =>
        offset == 0 && count == results.Count ? results : count == 0 ? [] : results.Skip(offset).Take(count).ToList();

    [LoggerMessage(Level = LogLevel.Error, Message = "Append batch of {Count} events failed; none were committed")]
    private static partial void LogCommitFailed(ILogger logger, int count, Exception exception);

    private sealed record Pending(IReadOnlyList<PreparedDraft> Events, ActivityContext Caller, TaskCompletionSource<IReadOnlyList<AppendedEvent>> Completion);
}
