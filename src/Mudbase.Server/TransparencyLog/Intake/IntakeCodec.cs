using System.Buffers;
using System.Text;
using System.Text.Json;
using Mudbase.Ledger;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.TransparencyLog.Intake;

/// <summary>
/// A request as it waits in the intake: the drafts with the salts and commitments the taking node chose, and its
/// idempotency claim. The integrating node rebuilds exactly the leaves the taking node prepared, so what it signs is
/// what the taking node will answer.
/// </summary>
internal static class IntakeCodec
{
    public static IntakeEntry Encode(AppendRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(512 * request.Events.Count);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (request.Claim is { } claim)
                WriteClaim(writer, claim);
            writer.WriteStartArray("events");
            foreach (var (draft, leaf) in request.Events)
                WriteEvent(writer, draft, leaf);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return new IntakeEntry(request.Id, request.OrgId, request.Events.Count, buffer.WrittenSpan.ToArray());
    }

    public static AppendRequest Decode(IntakeEntry entry)
    {
        var reader = new Utf8JsonReader(entry.Payload);
        var root = JsonElement.ParseValue(ref reader);
        var claim = root.TryGetProperty("claim", out var c) ? ReadClaim(entry.OrgId, c) : null;
        var events = new List<PreparedDraft>(entry.Events);
        foreach (var e in root.GetProperty("events").EnumerateArray())
            events.Add(ReadEvent(entry.OrgId, e, claim));
        return new AppendRequest(entry.RequestId, events, default, null);
    }

    private static void WriteClaim(Utf8JsonWriter writer, IdempotencyClaim claim)
    {
        writer.WriteStartObject("claim");
        writer.WriteString("principal", claim.Scope.Principal);
        writer.WriteString("key", claim.Scope.Key);
        writer.WriteBase64String("fingerprint", claim.Record.Fingerprint);
        writer.WriteNumber("status", claim.Record.Status);
        writer.WriteString("response", claim.Record.Response);
        writer.WriteNumber("createdAt", claim.Record.CreatedAt.UtcTicks);
        writer.WriteNumber("expiresAt", claim.Record.ExpiresAt.UtcTicks);
        writer.WriteEndObject();
    }

    private static IdempotencyClaim ReadClaim(string orgId, JsonElement claim) => new(
        new IdempotencyScope(orgId, claim.GetProperty("principal").GetString()!, claim.GetProperty("key").GetString()!),
        new IdempotencyRecord(claim.GetProperty("fingerprint").GetBytesFromBase64(), claim.GetProperty("status").GetInt32(),
            claim.GetProperty("response").GetString()!, Utc(claim.GetProperty("createdAt")), Utc(claim.GetProperty("expiresAt"))));

    private static void WriteEvent(Utf8JsonWriter writer, EventDraft draft, PreparedLeaf leaf)
    {
        writer.WriteStartObject();
        writer.WriteString("id", draft.Id);
        writer.WriteString("eventType", draft.EventType);
        writer.WriteString("severity", draft.Severity);
        writer.WriteNumber("recordedAt", draft.RecordedAt.UtcTicks);
        writer.WriteString("actor", draft.Actor);
        if (draft.Source is not null)
            writer.WriteString("source", draft.Source);
        writer.WriteStartObject("details");
        foreach (var (key, value) in draft.Details)
        {
            writer.WritePropertyName(key);
            value.WriteTo(writer);
        }
        writer.WriteEndObject();
        writer.WriteBase64String("commitments", leaf.Commitments);
        writer.WriteBase64String("secrets", leaf.Secrets);
        writer.WriteEndObject();
    }

    private static PreparedDraft ReadEvent(string orgId, JsonElement e, IdempotencyClaim? claim)
    {
        var details = e.GetProperty("details").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)).ToList();
        var draft = new EventDraft(e.GetProperty("id").GetString()!, orgId, e.GetProperty("eventType").GetString()!,
            e.GetProperty("severity").GetString()!, Utc(e.GetProperty("recordedAt")), e.GetProperty("actor").GetString()!,
            e.TryGetProperty("source", out var source) ? source.GetString() : null, details)
        { Claim = claim };
        var stored = Stored(e.GetProperty("commitments"), LegacyDetailJson.Commitments);
        var secrets = Stored(e.GetProperty("secrets"), LegacyDetailJson.Openings);
        var read = EventDetails.Read(stored, secrets);
        var commitments = read.Committed.ToDictionary(d => d.Key, read.CommitmentText, StringComparer.Ordinal);
        var template = new LedgerLeaf(draft.Id, 0, orgId, draft.EventType, draft.Severity,
            AppendPlanner.FormatTimestamp(draft.RecordedAt), draft.Actor, draft.Source, commitments).ToTemplate();
        return new PreparedDraft(draft, new PreparedLeaf(template, stored, secrets));
    }

    // Stored details in base64; a request queued by a node before schema version 14 carries them as JSON text.
    private static byte[] Stored(JsonElement value, Func<byte[], byte[]> fromJson) =>
        value.GetString() is ['{', ..] json ? fromJson(Encoding.UTF8.GetBytes(json)) : value.GetBytesFromBase64();

    private static DateTimeOffset Utc(JsonElement ticks) => new(ticks.GetInt64(), TimeSpan.Zero);
}
