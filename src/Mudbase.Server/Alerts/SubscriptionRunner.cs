using System.Diagnostics;
using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts;

/// <summary>
/// Delivers what is pending for one leased subscription, in sequence order, one event at a time: the cursor only
/// moves past an event once it was delivered, filtered out, or dead-lettered. Progress is saved at least every
/// half second and whenever delivery stops, so a crash repeats at most that much (at-least-once).
/// </summary>
internal sealed class SubscriptionRunner(
    IWebhookStore store, IEventStore events, DeliverySender sender, OutboundPayloads payloads, RetrySchedule retries,
    IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string Active = "active", Failing = "failing";
    private static readonly TimeSpan SaveEvery = TimeSpan.FromMilliseconds(500);

    public async Task<bool> HasPendingAsync(WebhookRecord webhook, CancellationToken cancellationToken) =>
        (await ReadAsync(webhook.OrgId, webhook.DeliveredSequence + 1, webhook.DeliveredSequence + 1, cancellationToken)).Count > 0;

    public async Task RunAsync(WebhookRecord webhook, string owner, CancellationToken cancellationToken)
    {
        var run = new Run(webhook);
        var saved = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await ReadAsync(webhook.OrgId, run.Cursor + 1, run.Cursor + options.Value.BatchSize, cancellationToken);
            if (batch.Count == 0)
                break;
            foreach (var stored in batch)
            {
                if (!await DeliverAsync(webhook, stored, run, cancellationToken))
                {
                    await SaveAsync(webhook, owner, run, cancellationToken);
                    return;
                }
                if (Stopwatch.GetElapsedTime(saved) >= SaveEvery)
                {
                    if (!await SaveAsync(webhook, owner, run, cancellationToken))
                        return;
                    saved = Stopwatch.GetTimestamp();
                }
            }
        }
        run.NextAttemptAt = time.GetUtcNow();
        await SaveAsync(webhook, owner, run, cancellationToken);
    }

    /// <summary>False when the event must be retried later (the run stops there to keep the order).</summary>
    private async Task<bool> DeliverAsync(WebhookRecord webhook, StoredEvent stored, Run run, CancellationToken cancellationToken)
    {
        var message = payloads.ForEvent(stored, time.GetUtcNow());
        if (!WebhookFilter.Matches(webhook, message.Event!))
        {
            run.Cursor = stored.Sequence;
            return true;
        }
        var attempt = await sender.SendAsync(webhook, message, stored.Sequence, cancellationToken);
        run.Attempts.Add(attempt);
        var now = time.GetUtcNow();
        if (attempt.Succeeded)
        {
            run.Delivered(stored.Sequence);
            return true;
        }
        run.Attempt++;
        run.FirstFailureAt ??= attempt.AttemptedAt;
        run.LastError = attempt.Error ?? $"HTTP {attempt.StatusCode}";
        // A failing subscription gives each new event one attempt, so an endpoint that is gone does not hold back
        // the log for a retry period per event; what fails is dead-lettered for replay.
        if (run.Status == Failing || retries.GivesUp(run.FirstFailureAt.Value, now))
        {
            run.DeadLetters.Add(new(webhook.Id, stored.Sequence, stored.Id, now, run.Attempt, run.LastError));
            run.GaveUp(stored.Sequence);
            return true;
        }
        run.NextAttemptAt = now + retries.DelayBefore(run.Attempt);
        return false;
    }

    private async Task<bool> SaveAsync(WebhookRecord webhook, string owner, Run run, CancellationToken cancellationToken)
    {
        var progress = new WebhookProgress(webhook.Id, run.Cursor, run.Attempt, run.NextAttemptAt, run.FirstFailureAt, run.Status, run.LastError,
            time.GetUtcNow().AddSeconds(options.Value.LeaseSeconds));
        var kept = await store.SaveProgressAsync(progress, owner, run.Attempts, run.DeadLetters, CancellationToken.None);
        run.Attempts.Clear();
        run.DeadLetters.Clear();
        return kept && !cancellationToken.IsCancellationRequested;
    }

    private async Task<List<StoredEvent>> ReadAsync(string orgId, long from, long to, CancellationToken cancellationToken)
    {
        var list = new List<StoredEvent>();
        await foreach (var stored in events.ReadRangeAsync(orgId, from, to, cancellationToken))
            list.Add(stored);
        return list;
    }

    private sealed class Run(WebhookRecord webhook)
    {
        public long Cursor { get; set; } = webhook.DeliveredSequence;
        public int Attempt { get; set; } = webhook.Attempt;
        public DateTimeOffset? FirstFailureAt { get; set; } = webhook.FirstFailureAt;
        public DateTimeOffset NextAttemptAt { get; set; } = webhook.NextAttemptAt;
        public string Status { get; private set; } = webhook.Status;
        public string? LastError { get; set; } = webhook.LastError;
        public List<DeliveryAttemptRecord> Attempts { get; } = [];
        public List<DeadLetterRecord> DeadLetters { get; } = [];

        public void Delivered(long sequence)
        {
            MovePast(sequence);
            Status = Active;
            LastError = null;
        }

        public void GaveUp(long sequence)
        {
            MovePast(sequence);
            Status = Failing;
        }

        private void MovePast(long sequence)
        {
            Cursor = sequence;
            Attempt = 0;
            FirstFailureAt = null;
        }
    }
}
