using System.Globalization;
using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Compliance;

/// <summary>
/// Writes a stored event as the JSON of its <see cref="SecurityEventView"/>, straight from the row: the same bytes the
/// serializer writes for <see cref="SecurityEventViews.ToView"/> (property order, camelCase names, UTC timestamps with
/// milliseconds, erasedFields only when some are), without building the view, its dictionary or cloned detail values.
/// </summary>
internal static class SecurityEventJson
{
    private static readonly JsonEncodedText EventId = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText EventType = JsonEncodedText.Encode("eventType");
    private static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
    private static readonly JsonEncodedText Details = JsonEncodedText.Encode("details");
    private static readonly JsonEncodedText Actor = JsonEncodedText.Encode("actor");
    private static readonly JsonEncodedText SourceIp = JsonEncodedText.Encode("sourceIp");
    private static readonly JsonEncodedText RecordedAt = JsonEncodedText.Encode("recordedAt");
    private static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText LeafIndex = JsonEncodedText.Encode("leafIndex");
    private static readonly JsonEncodedText LeafHash = JsonEncodedText.Encode("leafHash");
    private static readonly JsonEncodedText ErasedFields = JsonEncodedText.Encode("erasedFields");

    public static void Write(Utf8JsonWriter json, StoredEvent stored)
    {
        json.WriteStartObject();
        json.WriteString(EventId, stored.Id);
        json.WriteString(EventType, stored.EventType);
        json.WriteString(Severity, stored.Severity);
        json.WritePropertyName(Details);
        json.WriteStartObject();
        var read = EventDetails.Read(stored.Commitments, stored.Secrets);
        foreach (var opening in read.Opened)
        {
            json.WritePropertyName(opening.Key);
            // Parsed and written again, as the serializer writes the view's JsonElement (same escaping, no whitespace).
            using var value = JsonDocument.Parse(opening.Value);
            value.RootElement.WriteTo(json);
        }
        json.WriteEndObject();
        json.WriteString(Actor, stored.Actor);
        json.WriteString(SourceIp, stored.Source);
        Span<char> time = stackalloc char[32];
        stored.RecordedAt.UtcDateTime.TryFormat(time, out var length, UtcTimestampConverter.Format, CultureInfo.InvariantCulture);
        json.WriteString(RecordedAt, time[..length]);
        json.WriteNumber(Sequence, stored.Sequence);
        json.WriteNumber(LeafIndex, stored.Sequence - 1);
        // As a string, not WriteBase64String: the writer's encoder escapes '+' the way the serializer does.
        Span<char> hash = stackalloc char[64];
        json.WriteString(LeafHash, Convert.TryToBase64Chars(stored.LeafHash, hash, out var written) ? hash[..written] : Convert.ToBase64String(stored.LeafHash));
        WriteErased(json, read);
        json.WriteEndObject();
    }

    // The committed names without a value, in ordinal order; the property is left out when there are none.
    private static void WriteErased(Utf8JsonWriter json, EventDetails read)
    {
        var open = false;
        foreach (var name in read.ErasedKeys)
        {
            if (!open)
            {
                json.WritePropertyName(ErasedFields);
                json.WriteStartArray();
                open = true;
            }
            json.WriteStringValue(name);
        }
        if (open)
            json.WriteEndArray();
    }
}
