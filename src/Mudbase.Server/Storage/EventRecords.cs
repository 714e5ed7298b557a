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
    IReadOnlyList<KeyValuePair<string, JsonElement>> Details)
{
    /// <summary>The idempotency key of the request the draft belongs to, shared by all its drafts; null without one.</summary>
    public IdempotencyClaim? Claim { get; set; }

    // Read once where the draft is made, on the request's thread, rather than by the single writer as it binds rows.
    private readonly (string? UserId, string? IpAddress, string? Resource) indexed =
        (Find(Details, "userId"), Find(Details, "ipAddress"), Find(Details, "resource"));

    /// <summary>A string detail the store indexes for queries (userId, ipAddress, resource), or null.</summary>
    public string? IndexedValue(string key) => key switch
    {
        "userId" => indexed.UserId,
        "ipAddress" => indexed.IpAddress,
        "resource" => indexed.Resource,
        _ => Find(Details, key),
    };

    private static string? Find(IReadOnlyList<KeyValuePair<string, JsonElement>> details, string key)
    {
        // By index: a foreach over the interface would allocate an enumerator per call, three per event.
        for (var i = 0; i < details.Count; i++)
        {
            var (name, value) = details[i];
            if (name == key)
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        }
        return null;
    }
}

/// <summary>Where a committed event landed.</summary>
internal sealed record AppendedEvent(string Id, long Sequence, byte[] LeafHash, DateTimeOffset RecordedAt);

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
    byte[] Commitments,
    byte[]? Secrets);
