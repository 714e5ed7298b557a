using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts.LiveStream;

/// <summary>
/// The list endpoint's filters applied to one event in memory, for events that reach a stream live rather than
/// through a query. Same semantics as the SQL: every given filter must hold, detail filters compare exact values.
/// </summary>
internal static class EventMatch
{
    public static bool Matches(EventQuery query, SecurityEventView view) =>
        (query.EventTypes.Count == 0 || query.EventTypes.Contains(view.EventType, StringComparer.Ordinal))
        && (query.Severities.Count == 0 || query.Severities.Contains(view.Severity, StringComparer.Ordinal))
        && Detail(view, "userId", query.UserId)
        && Detail(view, "ipAddress", query.IpAddress)
        && Detail(view, "resource", query.Resource)
        && (query.Actor is null || query.Actor == view.Actor)
        && (query.From is null || view.RecordedAt >= query.From)
        && (query.To is null || view.RecordedAt < query.To);

    private static bool Detail(SecurityEventView view, string key, string? expected) =>
        expected is null || (view.Details.TryGetValue(key, out var value) && Text(value) == expected);

    /// <summary>A detail value as the store indexes it: strings as they are, anything else as its JSON.</summary>
    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
