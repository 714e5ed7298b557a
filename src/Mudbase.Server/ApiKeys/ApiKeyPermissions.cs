using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.ApiKeys;

/// <summary>
/// The official contract's <c>permissions</c> in terms of our scopes. Events are appended and read, never changed:
/// <c>create</c> on any resource grants <c>events:write</c>, <c>read</c> grants <c>events:read</c>, and <c>update</c> or
/// <c>delete</c> cannot be granted. Keys are reported with their scopes as actions on the <c>database</c> resource.
/// </summary>
internal static class ApiKeyPermissions
{
    public const string ReportedResource = "database";
    private static readonly string[] Resources = ["auth", "database", "storage", "functions", "realtime", "messaging"];
    private static readonly Dictionary<string, string> ScopeOfAction = new(StringComparer.Ordinal)
    {
        ["create"] = ApiKeyScopes.EventsWrite,
        ["read"] = ApiKeyScopes.EventsRead,
    };

    public static IReadOnlyList<ApiKeyPermission> FromScopes(IReadOnlyList<string> scopes)
    {
        var actions = ScopeOfAction.Where(pair => scopes.Contains(pair.Value)).Select(pair => pair.Key).ToList();
        return actions.Count == 0 ? [] : [new ApiKeyPermission(ReportedResource, actions)];
    }

    /// <summary>The scopes the permissions grant, or null with the reasons in <paramref name="fields"/>.</summary>
    public static List<string>? ToScopes(JsonElement value, JsonFields fields)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            fields.Add("permissions", "must be a non-empty array of {resource, actions}");
            return null;
        }
        var scopes = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
            Read(item, $"permissions[{index++}]", scopes, fields);
        return scopes.Count > 0 ? scopes : null;
    }

    private static void Read(JsonElement item, string path, List<string> scopes, JsonFields fields)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            fields.Add(path, "must be an object {resource, actions}");
            return;
        }
        var resource = item.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (resource is null || !Resources.Contains(resource))
            fields.Add($"{path}.resource", $"must be one of {string.Join(", ", Resources)}");
        if (!item.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0)
        {
            fields.Add($"{path}.actions", "must be a non-empty array of create, read");
            return;
        }
        var index = 0;
        foreach (var action in actions.EnumerateArray())
        {
            var name = action.ValueKind == JsonValueKind.String ? action.GetString() : null;
            if (name is not null && ScopeOfAction.TryGetValue(name, out var scope))
            {
                if (!scopes.Contains(scope))
                    scopes.Add(scope);
            }
            else
            {
                fields.Add($"{path}.actions[{index}]", name is "update" or "delete"
                    ? "cannot be granted: security events are append-only (create logs events, read reads them)"
                    : "must be create or read");
            }
            index++;
        }
    }
}
