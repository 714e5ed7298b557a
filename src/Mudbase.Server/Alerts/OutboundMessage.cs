using Mudbase.Contracts;

namespace Mudbase.Server.Alerts;

/// <summary>
/// One message for one subscription: the Standard Webhooks id (the event id, so a receiver can drop a redelivery),
/// its timestamp, the JSON body, and the event it carries (null for a test message).
/// </summary>
internal sealed record OutboundMessage(string Id, DateTimeOffset Timestamp, byte[] Body, string Type, SecurityEventView? Event);

/// <summary>How one attempt ended. Success means a 2xx from a webhook receiver, or a syslog stream written and closed.</summary>
internal sealed record DeliveryOutcome(bool Succeeded, int? StatusCode, long LatencyMs, string? Error, string? ResponseExcerpt);
