using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mudbase.Contracts;

/// <summary>Body of <c>POST /api/compliance/security-event</c>.</summary>
/// <param name="EventType">A catalogue type (see <see cref="SecurityEventTypes"/>) or a snake_case slug.</param>
/// <param name="Severity">One of <c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c> (see <see cref="Severities"/>).</param>
/// <param name="Details">Optional forensic context.</param>
public sealed record LogSecurityEventRequest(string EventType, string Severity, SecurityEventDetails? Details = null);

/// <summary>Forensic context of a security event: the six named fields plus any further string, number or boolean keys.</summary>
public sealed class SecurityEventDetails
{
    /// <summary>The user the event concerns.</summary>
    [JsonPropertyName("userId")]
    public string? UserId { get; set; }

    /// <summary>The resource that was accessed or targeted.</summary>
    [JsonPropertyName("resource")]
    public string? Resource { get; set; }

    /// <summary>The address the caller observed; recorded as sent, never reformatted.</summary>
    [JsonPropertyName("ipAddress")]
    public string? IpAddress { get; set; }

    /// <summary>The user agent the caller observed.</summary>
    [JsonPropertyName("userAgent")]
    public string? UserAgent { get; set; }

    /// <summary>What was attempted.</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Why the event was raised.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>Further keys (string, number or boolean values).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The 200 answer of <c>POST /api/compliance/security-event</c>, sent once the event is durably committed.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">Always <c>Security event recorded</c>.</param>
/// <param name="EventId">The new event's identifier (<c>evt_…</c>).</param>
/// <param name="Event">The recorded event in the official contract's shape (the same identifier as <c>_id</c>).</param>
public sealed record LogSecurityEventResponse(bool Success, string Message, string EventId, LoggedEvent? Event = null);

/// <summary>The <c>event</c> object of the official <c>logSecurityEvent</c> answer.</summary>
/// <param name="Id">Identifier (<c>evt_…</c>), sent as <c>_id</c>.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Severity">The severity.</param>
/// <param name="Timestamp">When the server recorded the event (the ledger's <c>recordedAt</c>).</param>
public sealed record LoggedEvent(
    [property: JsonPropertyName("_id")] string Id, string EventType, string Severity, DateTimeOffset Timestamp);

/// <summary>A recorded security event as read back.</summary>
/// <param name="EventId">Identifier (<c>evt_…</c>).</param>
/// <param name="EventType">Event type.</param>
/// <param name="Severity">Severity.</param>
/// <param name="Details">Detail values; erased keys are absent and listed in <paramref name="ErasedFields"/>.</param>
/// <param name="Actor">Who logged it: a user id (<c>usr_…</c>), an API key id (<c>key_…</c>) or <c>system</c>.</param>
/// <param name="SourceIp">The connection address the server saw.</param>
/// <param name="RecordedAt">When the server recorded it (UTC).</param>
/// <param name="Sequence">Position in the organisation's log, starting at 1.</param>
/// <param name="LeafIndex">Leaf index in the organisation's Merkle log (<c>Sequence - 1</c>).</param>
/// <param name="LeafHash">Base64 RFC 9162 leaf hash.</param>
/// <param name="ErasedFields">Detail keys whose values were erased.</param>
public sealed record SecurityEventView(
    string EventId,
    string EventType,
    string Severity,
    IReadOnlyDictionary<string, JsonElement> Details,
    string Actor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? SourceIp,
    DateTimeOffset RecordedAt,
    long Sequence,
    long LeafIndex,
    string LeafHash,
    IReadOnlyList<string>? ErasedFields = null);

/// <summary>Answer of <c>GET /api/compliance/security-events/{eventId}</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Event">The event.</param>
public sealed record GetSecurityEventResponse(bool Success, SecurityEventView Event);

/// <summary>Answer of <c>GET /api/compliance/security-events</c>: one page.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Events">The page, in the requested order.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record ListSecurityEventsResponse(
    bool Success,
    IReadOnlyList<SecurityEventView> Events,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor);

/// <summary>Body of <c>POST /api/compliance/security-events/batch</c>.</summary>
/// <param name="Events">1 to 1000 events, validated all-or-nothing and committed in one transaction.</param>
public sealed record LogSecurityEventsBatchRequest(IReadOnlyList<LogSecurityEventRequest> Events);

/// <summary>Answer of the batch endpoint.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">Always <c>Security events recorded</c>.</param>
/// <param name="EventIds">The new ids, in request order.</param>
public sealed record LogSecurityEventsBatchResponse(bool Success, string Message, IReadOnlyList<string> EventIds);
