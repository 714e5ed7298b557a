using System.Threading.Channels;
using Mudbase.Contracts;

namespace Mudbase.Server.Alerts.LiveStream;

/// <summary>
/// One client's view of an organisation's live feed: every event committed after <see cref="StartSequence"/>, in
/// sequence order, until the client falls a whole buffer behind (<see cref="Overflowed"/>) or the server stops.
/// </summary>
internal sealed class FeedSubscription(long startSequence, int capacity, Action<FeedSubscription> unsubscribe) : IDisposable
{
    private readonly Channel<SecurityEventView> channel = Channel.CreateBounded<SecurityEventView>(
        new BoundedChannelOptions(Math.Max(1, capacity)) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>The last sequence committed when the subscription began; every later one reaches <see cref="Events"/>.</summary>
    public long StartSequence { get; } = startSequence;

    public ChannelReader<SecurityEventView> Events => channel.Reader;

    /// <summary>True once an event could not be buffered: the feed ended here and the rest is in storage.</summary>
    public bool Overflowed { get; private set; }

    internal void Offer(SecurityEventView view)
    {
        if (Overflowed || channel.Writer.TryWrite(view))
            return;
        Overflowed = true;
        channel.Writer.TryComplete();
    }

    internal void End() => channel.Writer.TryComplete();

    public void Dispose() => unsubscribe(this);
}
