using System.Text.Json;

namespace Mudbase.Server.Storage;

/// <summary>A validated event waiting for its place in the organisation's log.</summary>
internal sealed record EventDraft(
    string Id,
    string OrgId,
    string EventType,
    string Severity,
    DateTimeOffset RecordedAt,
    string Actor,
    string? Source,
    IReadOnlyList<KeyValuePair<string, JsonElement>> Details);

/// <summary>Where a committed event landed.</summary>
internal sealed record AppendedEvent(string Id, long Sequence, byte[] LeafHash);

/// <summary>An event as stored: public ledger fields plus the erasable plain details.</summary>
internal sealed record StoredEvent(
    string Id,
    string OrgId,
    long Sequence,
    string EventType,
    string Severity,
    DateTimeOffset RecordedAt,
    string Actor,
    string? Source,
    byte[] LeafHash,
    string Commitments,
    string? Secrets);
