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
        // Each class gets only the attributes its OCSF 1.3.0 schema has; every detail stays in `unmapped` as sent.
        if (ocsfClass == OcsfClass.DetectionFinding)
        {
            ocsf["finding_info"] = new JsonObject { ["uid"] = view.EventId, ["title"] = view.EventType, ["types"] = new JsonArray(view.EventType) };
            // In this class the actor belongs to OCSF's host profile, which the record must then declare.
            ocsf["metadata"]!["profiles"] = new JsonArray("host");
            if (view.SourceIp is not null)
                ocsf["observables"] = new JsonArray(new JsonObject { ["name"] = "src_endpoint.ip", ["type_id"] = 2, ["type"] = "IP Address", ["value"] = view.SourceIp });
            return ocsf;
        }
        ocsf["src_endpoint"] = SourceEndpoint(view);
        if (ocsfClass == OcsfClass.ApiActivity)
        {
            ocsf["api"] = new JsonObject { ["operation"] = view.EventType, ["service"] = new JsonObject { ["name"] = "Mudbase" } };
            return ocsf;
        }
        // Authentication and Account Change require the user concerned; when the event does not name one, OCSF's Unknown type says so.
        ocsf["user"] = Detail(view, "userId") is { } userId
            ? new JsonObject { ["uid"] = userId }
            : new JsonObject { ["name"] = "unknown", ["type_id"] = 0, ["type"] = "Unknown" };
        if (ocsfClass == OcsfClass.Authentication)
        {
            ocsf["status_id"] = 2;
            ocsf["status"] = "Failure";
            // The class needs the service the logon was for: the event's resource when it names one.
            ocsf["service"] = new JsonObject { ["name"] = Detail(view, "resource") ?? "unknown" };
        }
        return ocsf;
    }

    // The connection address when the server saw one; the server itself for the events it raises; else unknown.
    private static JsonObject SourceEndpoint(SecurityEventView view) =>
        view.SourceIp is not null ? new JsonObject { ["ip"] = view.SourceIp }
        : view.Actor == SecurityEventRecorder.SystemActor ? new JsonObject { ["svc_name"] = "mudbase" }
        : new JsonObject { ["name"] = "unknown" };

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
