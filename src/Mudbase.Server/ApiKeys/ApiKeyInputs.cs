using System.Globalization;
using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.ApiKeys;

internal sealed record ApiKeyInput(string Name, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt);

/// <summary>Validates <c>POST /api/api-keys</c> bodies, naming every bad field.</summary>
internal static class ApiKeyInputs
{
    private static readonly string ScopeList = string.Join(", ", ApiKeyScopes.All);

    public static (ApiKeyInput? Value, Dictionary<string, string> Errors) Parse(JsonElement root, DateTimeOffset now)
    {
        var fields = new JsonFields(root);
        var name = fields.RequiredString("name", 100);
        var scopes = Scopes(fields);
        var expiresAt = ExpiresAt(fields, now);
        return fields.Errors.Count == 0 ? (new ApiKeyInput(name!.Trim(), scopes!, expiresAt), fields.Errors) : (null, fields.Errors);
    }

    private static List<string>? Scopes(JsonFields fields)
    {
        if (fields.Optional("scopes") is not { } value)
        {
            fields.Add("scopes", "is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            fields.Add("scopes", $"must be a non-empty array of {ScopeList}");
            return null;
        }
        var scopes = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var scope = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (scope is null || !ApiKeyScopes.All.Contains(scope))
                fields.Add($"scopes[{index}]", $"must be one of {ScopeList}");
            else if (scopes.Contains(scope))
                fields.Add($"scopes[{index}]", "is listed twice");
            else
                scopes.Add(scope);
            index++;
        }
        return scopes;
    }

    private static DateTimeOffset? ExpiresAt(JsonFields fields, DateTimeOffset now)
    {
        if (fields.Optional("expiresAt") is not { } value)
            return null;
        if (value.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiresAt))
        {
            fields.Add("expiresAt", "must be an ISO-8601 timestamp, e.g. 2027-01-31T00:00:00Z");
            return null;
        }
        if (expiresAt <= now)
        {
            fields.Add("expiresAt", "must be in the future");
            return null;
        }
        // Stored with millisecond precision; truncating here makes the answer and later reads agree.
        return DateTimeOffset.FromUnixTimeMilliseconds(expiresAt.ToUnixTimeMilliseconds());
    }
}
