using System.Diagnostics;
using Microsoft.Extensions.Options;
using Mudbase.Server.Alerts.Committed;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Alerts;

/// <summary>
/// Delivers what is pending for one leased subscription, in sequence order, one event at a time: the cursor only
/// moves past an event once it was delivered, filtered out, or dead-lettered. Progress is saved at least every
/// half second and whenever delivery stops, so a crash repeats at most that much (at-least-once). Events come from
/// <see cref="CommittedEvents"/>, read and rendered once for every subscription of the organisation. Once caught up,
/// the run keeps its lease for <see cref="WebhookOptions.LingerMilliseconds"/> and follows new commits itself, so a
/// busy log costs a progress write per half second instead of a lease, a save and a release per commit.
/// </summary>
internal sealed class SubscriptionRunner(
    IWebhookStore store, CommittedEvents events, CommitSignal commits, DeliverySender sender, RetrySchedule retries,
    IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string Active = "active", Failing = "failing";
    private static readonly TimeSpan SaveEvery = TimeSpan.FromMilliseconds(500);

    public async Task<bool> HasPendingAsync(WebhookRecord webhook, CancellationToken cancellationToken) =>
        (await events.ReadAsync(webhook.OrgId, webhook.DeliveredSequence + 1, webhook.DeliveredSequence + 1, cancellationToken)).Count > 0;

    public async Task RunAsync(WebhookRecord webhook, string owner, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var run = new Run(webhook);
        var started = Stopwatch.GetTimestamp();
        var saved = started;
        var idleSince = started;
        var idle = false;
        // Idle, the run saves nothing, so its lease (renewed by each save) must outlast the wait.
        var linger = TimeSpan.FromMilliseconds(Math.Min(settings.LingerMilliseconds, settings.LeaseSeconds * 1000 / 4));
        // Settings, secrets and the enabled flag are read when the lease is taken: a run ends now and then to pick them up.
        while (!cancellationToken.IsCancellationRequested && Stopwatch.GetElapsedTime(started).TotalSeconds < settings.MaxRunSeconds)
        {
            var pulse = commits.Next;
            var batch = await events.ReadAsync(webhook.OrgId, run.Cursor + 1, run.Cursor + settings.BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                var idleFor = linger - Stopwatch.GetElapsedTime(idleSince);
                if (idleFor <= TimeSpan.Zero || !await CommittedWithinAsync(pulse, idleFor, cancellationToken))
                    break;
                idle = true;
                continue;
            }
            if (idle && await ChangedAsync(webhook, cancellationToken))
                break;
            idle = false;
            foreach (var committed in batch)
            {
                if (!await DeliverAsync(webhook, committed, run, cancellationToken))
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
            idleSince = Stopwatch.GetTimestamp();
        }
        run.NextAttemptAt = time.GetUtcNow();
        await SaveAsync(webhook, owner, run, cancellationToken);
    }

    // Checked when an idle run finds new events, so a subscription disabled, edited or given a new secret while its run
    // waited is delivered by a new run with its new settings (a busy run picks them up within MaxRunSeconds).
    private async Task<bool> ChangedAsync(WebhookRecord webhook, CancellationToken cancellationToken) =>
        await store.FindAsync(webhook.OrgId, webhook.Id, cancellationToken) is not { } current
        || current.UpdatedAt != webhook.UpdatedAt || current.Secret != webhook.Secret || current.PreviousSecretUntil != webhook.PreviousSecretUntil;

    private async Task<bool> CommittedWithinAsync(Task pulse, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await pulse.WaitAsync(wait, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>False when the event must be retried later (the run stops there to keep the order).</summary>
    private async Task<bool> DeliverAsync(WebhookRecord webhook, CommittedEvent committed, Run run, CancellationToken cancellationToken)
    {
        var stored = committed.Stored;
        if (!WebhookFilter.Matches(webhook, committed.View))
        {
            run.Cursor = stored.Sequence;
            return true;
        }
        var attempt = await sender.SendAsync(webhook, committed.Message, stored.Sequence, cancellationToken);
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
