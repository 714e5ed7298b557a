using Mudbase.Contracts;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts.Committed;

/// <summary>
/// One committed event as every follower of the log needs it: the stored row, its API view, and the webhook message
/// body, rendered at most once however many subscriptions deliver it (only the signature and the
/// <c>webhook-timestamp</c> header differ between subscriptions, and those are made per attempt).
/// </summary>
internal sealed class CommittedEvent
{
    private readonly Lazy<OutboundMessage> message;

    public CommittedEvent(StoredEvent stored, SecurityEventView view, Func<StoredEvent, SecurityEventView, OutboundMessage> render)
    {
        Stored = stored;
        View = view;
        message = new(() => render(stored, view), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public StoredEvent Stored { get; }

    public SecurityEventView View { get; }

    public long Sequence => Stored.Sequence;

    /// <summary>The delivery body of this event, shared by every subscription.</summary>
    public OutboundMessage Message => message.Value;
}
