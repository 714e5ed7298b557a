using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Mudbase.Server.Compliance;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts.LiveStream;

/// <summary>
/// Runs one stream: replays from storage what was recorded after the client's position, then follows the live feed.
/// The subscription is taken before the replay reads, so every event is either in the replay or in the feed; the
/// position (every sequence at or below it was sent or does not match) drops the overlap, so none is sent twice.
/// </summary>
internal sealed class SecurityEventStreamer(
    LiveFeed feed, IEventStore store, IOptions<StreamOptions> options, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime)
{
    public async Task RunAsync(HttpResponse response, EventQuery query, long? after, bool follow, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        var token = stop.Token;
        var subscription = await feed.SubscribeAsync(query.OrgId, token);
        try
        {
            var position = after ?? subscription.StartSequence;
            var sse = new SseWriter(response, json.Value.SerializerOptions);
            await sse.StartAsync((int)Math.Max(100, options.Value.PollMilliseconds), token);
            // A long replay can overflow the buffer it was subscribed with: catch up from storage again with a fresh one.
            while (true)
            {
                position = await ReplayAsync(sse, query, position, token);
                if (!subscription.Overflowed)
                    break;
                subscription.Dispose();
                subscription = await feed.SubscribeAsync(query.OrgId, token);
            }
            if (follow)
                await FollowAsync(sse, subscription, query, position, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (StorageUnavailableException) when (response.HasStarted)
        {
            // The client reconnects with its last id and resumes from storage.
        }
        finally
        {
            subscription.Dispose();
        }
    }

    private async Task<long> ReplayAsync(SseWriter sse, EventQuery query, long position, CancellationToken cancellationToken)
    {
        var page = Math.Clamp(options.Value.ReplayPageSize, 1, EventFilters.MaxLimit);
        while (true)
        {
            var rows = await store.QueryAsync(query with { AfterSequence = position, Limit = page }, cancellationToken);
            foreach (var row in rows)
            {
                await sse.EventAsync(SecurityEventViews.ToView(row), cancellationToken);
                position = row.Sequence;
            }
            if (rows.Count < page)
                return position;
        }
    }

    private async Task FollowAsync(SseWriter sse, FeedSubscription subscription, EventQuery query, long position, CancellationToken cancellationToken)
    {
        var heartbeat = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.HeartbeatSeconds));
        while (true)
        {
            bool open;
            using (var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                beat.CancelAfter(heartbeat);
                try
                {
                    open = await subscription.Events.WaitToReadAsync(beat.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await sse.HeartbeatAsync(cancellationToken);
                    continue;
                }
            }
            if (!open)
            {
                if (subscription.Overflowed)
                    await sse.BehindAsync(position, cancellationToken);
                return;
            }
            while (subscription.Events.TryRead(out var view))
            {
                if (view.Sequence <= position)
                    continue;
                if (EventMatch.Matches(query, view))
                    await sse.EventAsync(view, cancellationToken);
                position = view.Sequence;
            }
        }
    }
}
