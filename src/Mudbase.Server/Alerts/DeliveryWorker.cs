using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Alerts;

/// <summary>
/// The outbox driver of this node. Woken by this node's commits and on a poll interval (for other nodes' commits
/// and due retries), it leases each subscription with pending events and runs it on its own task, so a slow
/// receiver never holds back another subscription. The lease makes one node at a time deliver a subscription;
/// when a node dies its leases expire and another node continues from the saved cursor.
/// </summary>
internal sealed partial class DeliveryWorker(
    IWebhookStore store, SubscriptionRunner runner, CommitSignal commits, IOptions<WebhookOptions> options, TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RoundSpacing = TimeSpan.FromMilliseconds(20);
    private readonly string owner = Ids.New("node");
    private readonly ConcurrentDictionary<string, Task> running = new(StringComparer.Ordinal);
    private TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = Task.WhenAny(commits.Next, Volatile.Read(ref finished).Task);
            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, e);
            }
            await Task.WhenAny(woken, Task.Delay(poll, time, stoppingToken));
            // A busy log pulses per commit, while running subscriptions follow it themselves: rounds (a storage
            // query each) are spaced, and commits meanwhile fold into the next one.
            await Task.WhenAny(Task.Delay(RoundSpacing, time, stoppingToken));
        }
        await Task.WhenAll(running.Values);
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var webhook in await store.DueAsync(now, 256, cancellationToken))
        {
            if (running.Count >= options.Value.Parallelism)
                return;
            if (running.ContainsKey(webhook.Id) || !await runner.HasPendingAsync(webhook, cancellationToken))
                continue;
            if (!await store.TryLeaseAsync(webhook.Id, owner, now, now.AddSeconds(options.Value.LeaseSeconds), cancellationToken))
                continue;
            running[webhook.Id] = RunAsync(webhook, cancellationToken);
        }
    }

    private async Task RunAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await runner.RunAsync(webhook, owner, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogRunFailed(logger, webhook.Id, e);
        }
        finally
        {
            try
            {
                await store.ReleaseAsync(webhook.Id, owner, CancellationToken.None);
            }
            catch (Exception e) when (e is StorageUnavailableException or InvalidOperationException)
            {
                // The lease then expires on its own.
                LogRunFailed(logger, webhook.Id, e);
            }
            running.TryRemove(webhook.Id, out _);
            // Events committed while this run was finishing are picked up at once, not at the next poll.
            Interlocked.Exchange(ref finished, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery round failed; retrying at the next poll")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery run of {WebhookId} failed; it resumes from its saved cursor")]
    private static partial void LogRunFailed(ILogger logger, string webhookId, Exception exception);
}
