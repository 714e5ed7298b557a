using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.Compliance;

/// <summary>A validated security event body.</summary>
internal sealed record SecurityEventInput(
    string EventType, string Severity, IReadOnlyList<KeyValuePair<string, JsonElement>> Details);

/// <summary>Validates a security event body against DESIGN §1, naming every bad field.</summary>
internal static partial class SecurityEventParser
{
    public const int MaxDetailKeys = 32;
    public const int MaxKeyLength = 64;
    public const int MaxValueBytes = 2048;

    private static readonly HashSet<string> KnownProperties = ["eventType", "severity", "details"];

    [GeneratedRegex(@"\A[a-z][a-z0-9_]{1,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    public static bool IsValidType(string eventType) => Slug().IsMatch(eventType);

    /// <summary>Parses one event; field names in errors are prefixed with <paramref name="prefix"/> (e.g. <c>events[3].</c>).</summary>
    public static SecurityEventInput? Parse(JsonElement root, Dictionary<string, string> errors, string prefix = "")
    {
        var fields = new JsonFields(root, prefix);
        if (!fields.IsObject)
        {
            errors.TryAdd(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "must be a JSON object");
            return null;
        }
        foreach (var property in root.EnumerateObject())
        {
            if (!KnownProperties.Contains(property.Name))
                fields.Add(property.Name, "is not a recognised field (expected eventType, severity, details)");
        }

        var eventType = fields.RequiredString("eventType", 64);
        if (eventType is not null && !Slug().IsMatch(eventType))
            fields.Add("eventType", "must be a known event type or a snake_case slug matching ^[a-z][a-z0-9_]{1,63}$");

        var severity = fields.RequiredString("severity", 16);
        if (severity is not null && !Severities.All.Contains(severity))
            fields.Add("severity", "must be one of low, medium, high, critical");

        var details = ParseDetails(fields);
        foreach (var (field, message) in fields.Errors)
            errors.TryAdd(field, message);
        return fields.Errors.Count == 0 ? new SecurityEventInput(SharedStrings.Share(eventType!), SharedStrings.Share(severity!), details) : null;
    }

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
        // One copy of the details object, which outlives the request's document; the values are views into it (a copy
        // per value cost three allocations each, every one kept until the event is committed).
        foreach (var property in details.Clone().EnumerateObject())
        {
            if (result.Count == MaxDetailKeys)
            {
                fields.Add("details", $"must have at most {MaxDetailKeys} keys");
                return result;
            }
            // Name decodes the key on every read: once per key.
            var name = property.Name;
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
            result.Add(new KeyValuePair<string, JsonElement>(SharedStrings.Share(name), property.Value));
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
