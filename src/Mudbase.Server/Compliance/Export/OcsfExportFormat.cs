using System.Text.Json;
using System.Text.Json.Nodes;
using Mudbase.Contracts;

namespace Mudbase.Server.Compliance.Export;

/// <summary>
/// One OCSF 1.3 event per line, so SIEMs ingest the log natively. The class mapping is documented in docs/EXPORT.md.
/// </summary>
internal sealed class OcsfExportFormat : IEventExportFormat
{
    public const string Version = "1.3.0";

    public string ContentType => "application/x-ndjson; charset=utf-8";

    public string FileExtension => "ocsf.jsonl";

    public Task WriteHeaderAsync(TextWriter writer) => Task.CompletedTask;

    public Task WriteAsync(TextWriter writer, SecurityEventView view) =>
        writer.WriteLineAsync(ToOcsf(view).ToJsonString());

    public static JsonObject ToOcsf(SecurityEventView view)
    {
        var ocsfClass = OcsfClass.For(view.EventType);
        var severityId = Array.IndexOf(["low", "medium", "high", "critical"], view.Severity) + 2;
        var details = new JsonObject();
        foreach (var (key, value) in view.Details)
            details[key] = JsonNode.Parse(value.GetRawText());

        var ocsf = new JsonObject
        {
            ["class_uid"] = ocsfClass.ClassUid,
            ["class_name"] = ocsfClass.ClassName,
            ["category_uid"] = ocsfClass.CategoryUid,
            ["category_name"] = ocsfClass.CategoryName,
            ["activity_id"] = ocsfClass.ActivityId,
            ["activity_name"] = ocsfClass.ActivityName,
            ["type_uid"] = ocsfClass.ClassUid * 100 + ocsfClass.ActivityId,
            ["severity_id"] = severityId,
            ["severity"] = char.ToUpperInvariant(view.Severity[0]) + view.Severity[1..],
            ["time"] = view.RecordedAt.ToUnixTimeMilliseconds(),
            ["message"] = view.EventType,
            ["metadata"] = new JsonObject
            {
                ["version"] = Version,
                ["uid"] = view.EventId,
                ["sequence"] = view.Sequence,
                ["event_code"] = view.EventType,
                ["product"] = new JsonObject { ["name"] = "Mudbase", ["vendor_name"] = "Mudbase" },
            },
            ["actor"] = new JsonObject { ["user"] = new JsonObject { ["uid"] = view.Actor } },
            ["unmapped"] = details,
        };
        if (view.SourceIp is not null)
            ocsf["src_endpoint"] = new JsonObject { ["ip"] = view.SourceIp };
        if (Detail(view, "userId") is { } userId)
            ocsf["user"] = new JsonObject { ["uid"] = userId };
        if (ocsfClass.ClassUid == OcsfClass.DetectionFinding.ClassUid)
            ocsf["finding_info"] = new JsonObject { ["uid"] = view.EventId, ["title"] = view.EventType, ["types"] = new JsonArray(view.EventType) };
        if (ocsfClass.ClassUid == OcsfClass.Authentication.ClassUid)
        {
            ocsf["status_id"] = 2;
            ocsf["status"] = "Failure";
        }
        return ocsf;
    }

    private static string? Detail(SecurityEventView view, string key) =>
        view.Details.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The OCSF class an event type maps to.</summary>
internal sealed record OcsfClass(int ClassUid, string ClassName, int CategoryUid, string CategoryName, int ActivityId, string ActivityName)
{
    public static readonly OcsfClass DetectionFinding = new(2004, "Detection Finding", 2, "Findings", 1, "Create");
    public static readonly OcsfClass Authentication = new(3002, "Authentication", 3, "Identity & Access Management", 1, "Logon");
    public static readonly OcsfClass AccountChange = new(3001, "Account Change", 3, "Identity & Access Management", 99, "Other");
    public static readonly OcsfClass ApiActivity = new(6003, "API Activity", 6, "Application Activity", 99, "Other");

    public static OcsfClass For(string eventType) => eventType switch
    {
        SecurityEventTypes.BruteForceAttempt or SecurityEventTypes.DataBreachDetected => DetectionFinding,
        SecurityEventTypes.UnauthorizedAccessAttempt or SecurityEventTypes.MfaBypassAttempt => Authentication,
        SecurityEventTypes.AdminPrivilegeEscalation or "role_changed" or "member_removed" => AccountChange,
        _ => ApiActivity,
    };
}
