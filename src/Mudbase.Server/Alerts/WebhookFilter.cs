using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts;

/// <summary>
/// Which events a subscription wants: any of its event types (all when none), at least its minimum severity, and
/// every key of its detail match equal to the event's plain detail value (an erased detail never matches).
/// </summary>
internal static class WebhookFilter
{
    public static readonly string[] Severities = ["low", "medium", "high", "critical"];

    public static bool Matches(WebhookRecord webhook, SecurityEventView view)
    {
        if (webhook.EventTypes.Count > 0 && !webhook.EventTypes.Contains(view.EventType, StringComparer.Ordinal))
            return false;
        if (webhook.MinSeverity is { } min && Array.IndexOf(Severities, view.Severity) < Array.IndexOf(Severities, min))
            return false;
        if (webhook.DetailMatchJson is null)
            return true;
        using var match = JsonDocument.Parse(webhook.DetailMatchJson);
        foreach (var wanted in match.RootElement.EnumerateObject())
        {
            if (!view.Details.TryGetValue(wanted.Name, out var actual) || !JsonElement.DeepEquals(actual, wanted.Value))
                return false;
        }
        return true;
    }
}
