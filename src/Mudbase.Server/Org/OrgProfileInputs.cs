using System.Text.Json;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Org;

/// <summary>Validates <c>PATCH /api/orgs/{orgId}</c>. The official <c>logo</c> and <c>settings</c> are checked for type and not stored.</summary>
internal static class OrgProfileInputs
{
    public static (OrgChange? Value, Dictionary<string, string> Errors) Parse(JsonElement root)
    {
        var fields = new JsonFields(root);
        if (!fields.IsObject)
            fields.Add("body", "must be a JSON object");
        var name = fields.OptionalString("name", 100);
        if (name is not null && string.IsNullOrWhiteSpace(name))
            fields.Add("name", "must not be empty");
        var description = fields.OptionalString("description", 1000);
        var website = fields.OptionalString("website", 2048);
        fields.OptionalString("logo", 2048);
        if (fields.Optional("settings") is { ValueKind: not JsonValueKind.Object })
            fields.Add("settings", "must be an object");
        return fields.Errors.Count == 0 ? (new OrgChange(name?.Trim(), description, website), fields.Errors) : (null, fields.Errors);
    }
}
