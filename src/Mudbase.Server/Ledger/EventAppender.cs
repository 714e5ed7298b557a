using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Mudbase.Server.Hosting;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Ledger;

/// <summary>
/// The single writer of the append pipeline (DESIGN §3): requests queue drafts; the loop takes every draft
/// waiting (up to the batch size), commits them in one transaction — one fsync for the whole batch — and only
/// then completes each request. A failed commit fails every request of the batch and writes nothing.
/// </summary>
internal sealed partial class EventAppender(
    IEventStore store, IOptions<StorageOptions> options, ILogger<EventAppender> logger) : BackgroundService
{
    private readonly Channel<Pending> queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(64 * 1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public async Task<AppendedEvent> AppendAsync(EventDraft draft, CancellationToken cancellationToken)
    {
        var pending = new Pending(draft, new TaskCompletionSource<AppendedEvent>(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(pending, cancellationToken);
        // Once queued the event may commit, so the caller waits for the outcome rather than abandoning it.
        return await pending.Completion.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var maxBatch = Math.Max(1, options.Value.MaxBatchSize);
        var batch = new List<Pending>(maxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < maxBatch && queue.Reader.TryRead(out var next))
                    batch.Add(next);
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
        try
        {
            var results = await store.AppendAsync(batch.Select(p => p.Draft).ToList(), CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
                batch[i].Completion.TrySetResult(results[i]);
        }
        catch (Exception e)
        {
            LogCommitFailed(logger, batch.Count, e);
            var failure = e as StorageUnavailableException ?? new StorageUnavailableException("The event could not be committed", e);
            foreach (var pending in batch)
                pending.Completion.TrySetException(failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Append batch of {Count} events failed; none were committed")]
    private static partial void LogCommitFailed(ILogger logger, int count, Exception exception);

    private sealed record Pending(EventDraft Draft, TaskCompletionSource<AppendedEvent> Completion);
}
