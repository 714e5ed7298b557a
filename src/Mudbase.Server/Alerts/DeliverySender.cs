using Mudbase.Server.Common;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts;

/// <summary>Sends one message to a subscription's destination, by its URL scheme, and describes the attempt.</summary>
internal sealed class DeliverySender(WebhookTransport webhooks, SyslogTransport syslog, TimeProvider time)
{
    private const int MaxErrorLength = 500;

    public async Task<DeliveryAttemptRecord> SendAsync(WebhookRecord target, OutboundMessage message, long? sequence, CancellationToken cancellationToken)
    {
        var attemptedAt = time.GetUtcNow();
        var outcome = IsSyslog(target.Url)
            ? await syslog.SendAsync(target, message, cancellationToken)
            : await webhooks.SendAsync(target, message, cancellationToken);
        var error = outcome.Error is { Length: > MaxErrorLength } text ? text[..MaxErrorLength] : outcome.Error;
        return new(Ids.New("att"), target.Id, sequence, message.Id, attemptedAt, outcome.Succeeded, outcome.StatusCode, outcome.LatencyMs,
            error, outcome.ResponseExcerpt);
    }

    public static bool IsSyslog(string url) => url.StartsWith(DestinationPolicy.Syslog, StringComparison.Ordinal);
}
