using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.Compliance;

/// <summary>
/// A validated security event body. Its detail values are elements of the request's own document, read in place: the
/// request keeps that document (and the pooled body under it) until its events are committed.
/// </summary>
internal sealed record SecurityEventInput(
    string EventType, string Severity, IReadOnlyList<KeyValuePair<string, JsonElement>> Details);

/// <summary>Validates a security event body against DESIGN §1, naming every bad field.</summary>
internal static partial class SecurityEventParser
{
    public const int MaxDetailKeys = 32;
    public const int MaxKeyLength = 64;
    public const int MaxValueBytes = 2048;

    [GeneratedRegex(@"\A[a-z][a-z0-9_]{1,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    public static bool IsValidType(string eventType) => Slug().IsMatch(eventType);

    /// <summary>
    /// Parses one event; the field names in errors of the event at <paramref name="batchIndex"/> of a batch are
    /// prefixed with <c>events[i].</c> (made only when there is an error).
    /// </summary>
    public static SecurityEventInput? Parse(JsonElement root, Dictionary<string, string> errors, int? batchIndex = null)
    {
        var fields = new JsonFields(root);
        if (!fields.IsObject)
        {
            errors.TryAdd(batchIndex is { } index ? $"events[{index}]" : "body", "must be a JSON object");
            return null;
        }
        foreach (var property in root.EnumerateObject())
        {
            if (!property.NameEquals("eventType"u8) && !property.NameEquals("severity"u8) && !property.NameEquals("details"u8))
                fields.Add(property.Name, "is not a recognised field (expected eventType, severity, details)");
        }

        var eventType = SharedOrString(fields, "eventType", 64);
        if (eventType is not null && !Slug().IsMatch(eventType))
            fields.Add("eventType", "must be a known event type or a snake_case slug matching ^[a-z][a-z0-9_]{1,63}$");

        var severity = SharedOrString(fields, "severity", 16);
        if (severity is not null && !Severities.All.Contains(severity))
            fields.Add("severity", "must be one of low, medium, high, critical");

        var details = ParseDetails(fields);
        if (fields.Errors.Count == 0)
            return new SecurityEventInput(eventType!, severity!, details);
        var prefix = batchIndex is { } at ? $"events[{at}]." : "";
        foreach (var (field, message) in fields.Errors)
            errors.TryAdd(prefix + field, message);
        return null;
    }

    // A catalogue type or severity is answered as its shared instance without decoding it; anything else is read as
    // any required string (and validated by the caller either way).
    private static string? SharedOrString(JsonFields fields, string name, int maxLength) =>
        fields.Optional(name) is { } value && SharedStrings.TryShare(value, out var shared)
            ? shared
            : fields.RequiredString(name, maxLength);

    private static List<KeyValuePair<string, JsonElement>> ParseDetails(JsonFields fields)
    {
        var result = new List<KeyValuePair<string, JsonElement>>();
        if (fields.Optional("details") is not { } details)
            return result;
        if (details.ValueKind != JsonValueKind.Object)
        {
            fields.Add("details", "must be an object");
            return result;
        }
        result.Capacity = Math.Min(details.GetPropertyCount(), MaxDetailKeys);
        // The values stay elements of the request's document (no copy): the request holds the document until commit.
        foreach (var property in details.EnumerateObject())
        {
            if (result.Count == MaxDetailKeys)
            {
                fields.Add("details", $"must have at most {MaxDetailKeys} keys");
                return result;
            }
            // A named key is its shared instance, any other is decoded once.
            var name = SharedStrings.NameOf(property);
            if (name.Length is 0 or > MaxKeyLength)
            {
                fields.Add("details", $"keys must be 1 to {MaxKeyLength} characters");
                continue;
            }
            if (ValueError(property.Value) is { } error)
            {
                fields.Add("details." + name, error);
                continue;
            }
            result.Add(new KeyValuePair<string, JsonElement>(name, property.Value));
        }
        return result;
    }

    private static string? ValueError(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when Utf8Length(value) > MaxValueBytes => $"must be at most {MaxValueBytes} bytes",
        JsonValueKind.String or JsonValueKind.True or JsonValueKind.False => null,
        JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number) => null,
        JsonValueKind.Number => "must be a finite number",
        _ => "must be a string, number or boolean",
    };

    // The decoded value's UTF-8 length: without escapes it is the raw token less its quotes, and only an escaped value
    // is decoded to count it.
    private static int Utf8Length(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw.Contains((byte)'\\') ? Encoding.UTF8.GetByteCount(value.GetString()!) : raw.Length - 2;
    }
}
