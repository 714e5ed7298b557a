using System.Globalization;
using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.ApiKeys;

internal sealed record ApiKeyInput(string Name, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt, KeyRateLimit? RateLimit);

/// <summary>
/// Validates <c>POST /api/api-keys</c> and <c>PATCH /api/api-keys/{id}</c> bodies, naming every bad field. Both accept our
/// <c>scopes</c> or the official contract's <c>permissions</c>, its <c>rateLimit</c> and (on create) its <c>projectId</c>,
/// which is ignored: an organisation has a single event log.
/// </summary>
internal static class ApiKeyInputs
{
    private const int MaxName = 100;
    private static readonly string ScopeList = string.Join(", ", ApiKeyScopes.All);

    public static (ApiKeyInput? Value, Dictionary<string, string> Errors) Parse(JsonElement root, DateTimeOffset now)
    {
        var fields = new JsonFields(root);
        var name = fields.RequiredString("name", MaxName);
        var scopes = Grants(fields, required: true);
        var expiresAt = ExpiresAt(fields, now);
        var rateLimit = RateLimit(fields);
        fields.OptionalString("projectId", 64);
        return fields.Errors.Count == 0 ? (new ApiKeyInput(name!.Trim(), scopes!, expiresAt, rateLimit), fields.Errors) : (null, fields.Errors);
    }

    public static (ApiKeyChange? Value, Dictionary<string, string> Errors) ParseChange(JsonElement root)
    {
        var fields = new JsonFields(root);
        if (!fields.IsObject)
            fields.Add("body", "must be a JSON object");
        var name = fields.OptionalString("name", MaxName);
        if (name is not null && string.IsNullOrWhiteSpace(name))
            fields.Add("name", "must not be empty");
        var scopes = Grants(fields, required: false);
        var rateLimit = RateLimit(fields);
        bool? isActive = null;
        if (fields.Optional("isActive") is { } active)
        {
            if (active.ValueKind is JsonValueKind.True or JsonValueKind.False)
                isActive = active.GetBoolean();
            else
                fields.Add("isActive", "must be true or false");
        }
        return fields.Errors.Count == 0 ? (new ApiKeyChange(name?.Trim(), scopes, rateLimit, isActive), fields.Errors) : (null, fields.Errors);
    }

    private static List<string>? Grants(JsonFields fields, bool required)
    {
        var scopes = fields.Optional("scopes");
        var permissions = fields.Optional("permissions");
        if (scopes is not null && permissions is not null)
        {
            fields.Add("permissions", "give scopes or permissions, not both");
            return null;
        }
        if (permissions is { } granted)
            return ApiKeyPermissions.ToScopes(granted, fields);
        if (scopes is { } value)
            return Scopes(value, fields);
        if (required)
            fields.Add("scopes", $"is required (or permissions): one or more of {ScopeList}");
        return null;
    }

    private static List<string>? Scopes(JsonElement value, JsonFields fields)
    {
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

    // The official contract declares both numbers optional, and its own example sends an empty object: that declares no limit.
    private static KeyRateLimit? RateLimit(JsonFields fields)
    {
        if (fields.Optional("rateLimit") is not { } value)
            return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            fields.Add("rateLimit", "must be an object {requests, window}");
            return null;
        }
        var limit = new JsonFields(value, "rateLimit.");
        var requests = PositiveInteger(limit, "requests");
        var window = PositiveInteger(limit, "window");
        foreach (var (field, message) in limit.Errors)
            fields.Add(field, message);
        if (requests is null && window is null)
            return null;
        if (requests is null || window is null)
        {
            fields.Add("rateLimit", "needs both requests and window (seconds), or neither");
            return null;
        }
        return new KeyRateLimit(requests.Value, window.Value);
    }

    private static long? PositiveInteger(JsonFields fields, string name)
    {
        if (fields.Optional(name) is not { } value)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number is > 0 and <= 1_000_000_000)
            return number;
        fields.Add(name, "must be a whole number from 1 to 1000000000");
        return null;
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
