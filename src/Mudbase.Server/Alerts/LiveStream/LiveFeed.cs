using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Server.Alerts.Committed;
using Mudbase.Server.Compliance;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Alerts.LiveStream;

/// <summary>
/// Follows the logs that live streams watch: one reader per organisation with subscribers takes each new event from
/// <see cref="CommittedEvents"/> (read from storage once for every follower; woken by <see cref="CommitSignal"/>, and
/// polling for commits of other nodes) and hands it to every subscriber's bounded buffer. Nothing here is the source of truth: a subscriber that overflows resumes from storage.
/// </summary>
internal sealed partial class LiveFeed(
    IEventStore store, CommittedEvents committed, CommitSignal signal, IOptions<StreamOptions> options, IHostApplicationLifetime lifetime, ILogger<LiveFeed> logger)
{
    private const int ReadPage = 500;

    private readonly Lock gate = new();
    private readonly Dictionary<string, OrgFeed> feeds = new(StringComparer.Ordinal);

    /// <summary>Subscribes to the organisation's events committed from now on.</summary>
    public async Task<FeedSubscription> SubscribeAsync(string orgId, CancellationToken cancellationToken)
    {
        while (true)
        {
            OrgFeed feed;
            lock (gate)
            {
                if (!feeds.TryGetValue(orgId, out feed!))
                {
                    feed = new OrgFeed(orgId);
                    feeds[orgId] = feed;
                    _ = Task.Run(() => PumpAsync(feed), CancellationToken.None);
                }
            }
            await feed.Ready.Task.WaitAsync(cancellationToken);
            lock (gate)
            {
                if (feed.Closed)
                    continue;
                var subscription = new FeedSubscription(feed.Position, options.Value.ClientBuffer, s => Unsubscribe(feed, s));
                feed.Subscribers.Add(subscription);
                return subscription;
            }
        }
    }

    private void Unsubscribe(OrgFeed feed, FeedSubscription subscription)
    {
        lock (gate)
            feed.Subscribers.Remove(subscription);
    }

    private async Task PumpAsync(OrgFeed feed)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            var head = await store.QueryAsync(Unfiltered(feed.OrgId, descending: true, after: null, limit: 1), stopping);
            feed.Position = head.Count > 0 ? head[0].Sequence : 0;
            feed.Ready.TrySetResult();
        }
        catch (Exception e)
        {
            Close(feed);
            feed.Ready.TrySetException(e);
            return;
        }
        var poll = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollMilliseconds));
        while (!stopping.IsCancellationRequested)
        {
            var pulse = signal.Next;
            try
            {
                await PublishNewAsync(feed, stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LogReadFailed(logger, feed.OrgId, e);
            }
            lock (gate)
            {
                if (feed.Subscribers.Count == 0)
                {
                    Close(feed);
                    return;
                }
            }
            try
            {
                await pulse.WaitAsync(poll, stopping);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
            }
        }
        lock (gate)
        {
            Close(feed);
            foreach (var subscription in feed.Subscribers)
                subscription.End();
        }
    }

    private async Task PublishNewAsync(OrgFeed feed, CancellationToken cancellationToken)
    {
        while (true)
        {
            var rows = await committed.ReadAsync(feed.OrgId, feed.Position + 1, feed.Position + ReadPage, cancellationToken);
            lock (gate)
            {
                foreach (var view in rows.Select(row => row.View))
                {
                    foreach (var subscription in feed.Subscribers)
                        subscription.Offer(view);
                    feed.Position = view.Sequence;
                }
            }
            if (rows.Count < ReadPage)
                return;
        }
    }

    private void Close(OrgFeed feed)
    {
        lock (gate)
        {
            feed.Closed = true;
            if (feeds.TryGetValue(feed.OrgId, out var current) && current == feed)
                feeds.Remove(feed.OrgId);
        }
    }

    internal static EventQuery Unfiltered(string orgId, bool descending, long? after, int limit) =>
        new(orgId, [], [], null, null, null, null, null, null, descending, after, limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading new events of {OrgId} for live streams failed; retrying")]
    private static partial void LogReadFailed(ILogger logger, string orgId, Exception exception);

    private sealed class OrgFeed(string orgId)
    {
        public string OrgId { get; } = orgId;

        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<FeedSubscription> Subscribers { get; } = [];

        public long Position { get; set; }

        public bool Closed { get; set; }
    }
}
