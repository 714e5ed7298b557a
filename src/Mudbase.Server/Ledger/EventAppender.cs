using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Mudbase.Server.Hosting;
using Mudbase.Server.Observability;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Ledger;

/// <summary>
/// The single writer of the append pipeline (DESIGN §3): requests queue drafts; the loop takes every request
/// waiting (up to the batch size), commits them in one transaction — one fsync for the whole batch — and only
/// then completes each request. A failed commit fails every request of the batch and writes nothing. The drafts
/// of one request always share a transaction.
/// </summary>
internal sealed partial class EventAppender(
    IEventStore store, IOptions<StorageOptions> options, LedgerHeads heads, CommitSignal committed, ILogger<EventAppender> logger) : BackgroundService
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
        foreach (var draft in drafts)
            draft.Prepared ??= AppendPlanner.Prepare(draft);
        var pending = new Pending(drafts, activity?.Context ?? default, new TaskCompletionSource<IReadOnlyList<AppendedEvent>>(TaskCreationOptions.RunContinuationsAsynchronously));
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
                    size += next.Drafts.Count;
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
        try
        {
            var drafts = batch.Count == 1 ? batch[0].Drafts : batch.SelectMany(p => p.Drafts).ToList();
            var results = await store.AppendAsync(drafts, CancellationToken.None);
            MudbaseInstruments.Appended(drafts.Count, started);
            // Results are for the drafts that were written: a replayed idempotency key wrote none.
            heads.Observe(IdempotencyClaims.ToWrite(drafts), results);
            if (results.Count > 0)
                committed.Committed();
            var offset = 0;
            foreach (var pending in batch)
            {
                // A request whose idempotency key was already used wrote nothing: its answer is the claim's record.
                var count = IdempotencyClaims.IsReplay(pending.Drafts) ? 0 : pending.Drafts.Count;
                pending.Completion.TrySetResult(Slice(results, offset, count));
                offset += count;
            }
        }
        catch (Exception e)
        {
            LogCommitFailed(logger, batch.Sum(p => p.Drafts.Count), e);
            AppendTracing.Failed(activity, batch.Sum(p => p.Drafts.Count), e);
            var failure = e as StorageUnavailableException ?? new StorageUnavailableException("The event could not be committed", e);
            foreach (var pending in batch)
                pending.Completion.TrySetException(failure);
        }
    }

    private static IReadOnlyList<AppendedEvent> Slice(IReadOnlyList<AppendedEvent> results, int offset, int count) =>
        offset == 0 && count == results.Count ? results : count == 0 ? [] : results.Skip(offset).Take(count).ToList();

    [LoggerMessage(Level = LogLevel.Error, Message = "Append batch of {Count} events failed; none were committed")]
    private static partial void LogCommitFailed(ILogger logger, int count, Exception exception);

    private sealed record Pending(IReadOnlyList<EventDraft> Drafts, ActivityContext Caller, TaskCompletionSource<IReadOnlyList<AppendedEvent>> Completion);
}
