using System.Globalization;

namespace Mudbase.Server.Http;

/// <summary>Parses query parameters, collecting one error per bad parameter so a 400 names each.</summary>
internal sealed class QueryParameters(IQueryCollection query)
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public long? Long(string name, long min, long max)
    {
        if (Single(name) is not { } text)
            return null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Errors.TryAdd(name, $"must be an integer from {min} to {max}");
            return null;
        }
        return value;
    }

    public DateTimeOffset? Timestamp(string name)
    {
        if (Single(name) is not { } text)
            return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            Errors.TryAdd(name, "must be an ISO-8601 timestamp, e.g. 2026-01-31T00:00:00Z");
            return null;
        }
        return value;
    }

    public string? String(string name, int maxLength = 256)
    {
        var text = Single(name);
        if (text is not null && text.Length > maxLength)
        {
            Errors.TryAdd(name, $"must be at most {maxLength} characters");
            return null;
        }
        return text;
    }

    public IReadOnlyList<string> Strings(string name) =>
        query.TryGetValue(name, out var values)
            ? values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
            : [];

    public void Add(string name, string message) => Errors.TryAdd(name, message);

    private string? Single(string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
            return null;
        if (values.Count > 1)
        {
            Errors.TryAdd(name, "must be given once");
            return null;
        }
        return values[0];
    }
}
