using System.Text.Json;

namespace Mudbase.Server.Http;

/// <summary>Collects field errors while reading a JSON object, so one 400 names every bad field.</summary>
internal sealed class JsonFields(JsonElement root, string prefix = "")
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsObject => root.ValueKind == JsonValueKind.Object;

    public string? RequiredString(string name, int maxLength = 256) => String(name, maxLength, required: true);

    public string? OptionalString(string name, int maxLength = 256) => String(name, maxLength, required: false);

    public JsonElement? Optional(string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public void Add(string name, string message) => Errors.TryAdd(prefix + name, message);

    private string? String(string name, int maxLength, bool required)
    {
        var value = Optional(name);
        if (value is null)
        {
            if (required)
                Add(name, "is required");
            return null;
        }
        if (value.Value.ValueKind != JsonValueKind.String)
        {
            Add(name, "must be a string");
            return null;
        }
        var text = value.Value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Add(name, "must not be empty");
            return null;
        }
        if (text.Length > maxLength)
        {
            Add(name, $"must be at most {maxLength} characters");
            return null;
        }
        return text;
    }
}
