using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mudbase.Server.Alerts;

/// <summary>
/// The settable fields of a subscription as sent; on PATCH an absent field keeps its value (<see cref="Has"/>).
/// </summary>
internal sealed partial record WebhookInput(
    Uri? Url, string? Description, IReadOnlyList<string>? EventTypes, string? MinSeverity, string? DetailMatchJson, bool? Enabled,
    string? Format, IReadOnlySet<string> Has)
{
    private const int MaxTypes = 50, MaxMatchKeys = 16, MaxDescription = 500;

    public static (WebhookInput? Input, Dictionary<string, string> Errors) Parse(JsonElement root, DestinationPolicy policy, bool partial)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object)
            return (null, new() { ["body"] = "must be a JSON object" });
        var has = new HashSet<string>(StringComparer.Ordinal);
        Uri? url = null;
        string? description = null, minSeverity = null, match = null, format = null;
        List<string>? types = null;
        bool? enabled = null;
        foreach (var property in root.EnumerateObject())
        {
            has.Add(property.Name);
            var value = property.Value;
            var isNull = value.ValueKind == JsonValueKind.Null;
            switch (property.Name)
            {
                case "url" when value.ValueKind == JsonValueKind.String:
                    if (policy.CheckUrl(value.GetString()!, out url) is { } refusal)
                        errors["url"] = refusal;
                    break;
                case "description" when isNull || value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= MaxDescription:
                    description = isNull ? null : value.GetString();
                    break;
                case "eventTypes" when isNull || value.ValueKind == JsonValueKind.Array:
                    types = isNull ? [] : value.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : "").ToList();
                    if (types.Count > MaxTypes || types.Any(t => !Slug().IsMatch(t)))
                        errors["eventTypes"] = $"must be at most {MaxTypes} event types, each a snake_case slug";
                    break;
                case "minSeverity" when isNull || value.ValueKind == JsonValueKind.String && WebhookFilter.Severities.Contains(value.GetString()):
                    minSeverity = isNull ? null : value.GetString();
                    break;
                case "detailMatch" when isNull:
                    break;
                case "detailMatch" when value.ValueKind == JsonValueKind.Object:
                    var keys = value.EnumerateObject().ToList();
                    if (keys.Count is 0 or > MaxMatchKeys || keys.Any(k => k.Name.Length > 64
                        || k.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)))
                        errors["detailMatch"] = $"must be an object of 1 to {MaxMatchKeys} detail keys with string, number or boolean values";
                    else
                        match = value.GetRawText();
                    break;
                case "enabled" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    enabled = value.GetBoolean();
                    break;
                case "format" when value.ValueKind == JsonValueKind.String && value.GetString() is SyslogFormat.Json or SyslogFormat.Cef:
                    format = value.GetString();
                    break;
                case "url" or "description" or "eventTypes" or "minSeverity" or "detailMatch" or "enabled" or "format":
                    errors[property.Name] = Expected(property.Name);
                    break;
                default:
                    errors[property.Name] = "is not a webhook field";
                    break;
            }
        }
        if (!partial && !has.Contains("url"))
            errors["url"] = "is required";
        return errors.Count > 0 ? (null, errors) : (new(url, description, types, minSeverity, match, enabled, format, has), errors);
    }

    private static string Expected(string field) => field switch
    {
        "url" => "must be a string",
        "description" => $"must be a string of at most {MaxDescription} characters",
        "eventTypes" => "must be an array of event types",
        "minSeverity" => "must be one of low, medium, high, critical",
        "detailMatch" => "must be an object",
        "enabled" => "must be true or false",
        _ => "must be json or cef",
    };

    [GeneratedRegex("^[a-z][a-z0-9_]{1,63}$")]
    private static partial Regex Slug();
}
