using Mudbase.Contracts;
using Mudbase.Server.Alerts.LiveStream;

namespace Mudbase.Server.Alerts.Rules;

/// <summary>
/// Threshold rules over sliding windows of event time (recordedAt), so the outcome depends only on the log and
/// the saved state, never on when evaluation runs. Pure: no I/O, no clock.
/// </summary>
internal static class RuleEngine
{
    /// <summary>The actor of the events rules record; they are never evaluated themselves, so rules cannot loop.</summary>
    public const string Actor = "rules";

    /// <summary>The value grouping events that lack the group-by detail.</summary>
    public const string NoGroup = "";

    public static List<Detection> Evaluate(
        IReadOnlyList<(string Id, RuleDefinition Rule)> rules, IEnumerable<SecurityEventView> events, RuleState state)
    {
        var detections = new List<Detection>();
        long latest = 0;
        foreach (var view in events)
        {
            latest = Math.Max(latest, view.RecordedAt.ToUnixTimeMilliseconds());
            if (view.Actor == Actor)
                continue;
            foreach (var (id, rule) in rules)
            {
                if (rule.Enabled && Matches(rule.Match, view) && Count(id, rule, view, state) is { } fired)
                    detections.Add(fired);
            }
        }
        Prune(rules, state, latest);
        return detections;
    }

    private static Detection? Count(string id, RuleDefinition rule, SecurityEventView view, RuleState state)
    {
        var group = rule.GroupBy is { } key && view.Details.TryGetValue(key, out var value) ? EventMatch.Text(value) : NoGroup;
        var groups = state.Rules.TryGetValue(id, out var known) ? known : state.Rules[id] = new(StringComparer.Ordinal);
        var window = groups.TryGetValue(group, out var open) ? open : groups[group] = new GroupWindow();
        var at = view.RecordedAt.ToUnixTimeMilliseconds();
        if (at < window.QuietUntil)
            return null;
        window.Hits.RemoveAll(hit => hit.At <= at - rule.WindowSeconds * 1000L);
        window.Hits.Add(new WindowHit(view.Sequence, at));
        if (window.Hits.Count < rule.Threshold)
            return null;
        var sequences = window.Hits.Select(hit => hit.Sequence).ToList();
        window.Hits.Clear();
        window.QuietUntil = at + rule.WindowSeconds * 1000L;
        return new Detection(id, rule, group, sequences);
    }

    public static bool Matches(RuleMatch match, SecurityEventView view) =>
        (match.EventTypes.Count == 0 || match.EventTypes.Contains(view.EventType, StringComparer.Ordinal))
        && (match.MinSeverity is null || Rank(view.Severity) >= Rank(match.MinSeverity))
        && match.Details.All(pair => view.Details.TryGetValue(pair.Key, out var value) && EventMatch.Text(value) == pair.Value)
        && (match.OutsideWorkingHours is not { } hours || IsOutside(hours, view.RecordedAt));

    private static int Rank(string severity) => severity switch
    {
        Severities.Low => 0,
        Severities.Medium => 1,
        Severities.High => 2,
        _ => 3,
    };

    private static bool IsOutside(WorkingHours hours, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone));
        return local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || local.Hour < hours.StartHour || local.Hour >= hours.EndHour;
    }

    // Keeps the state small: closed windows and deleted rules go; what is kept is at most Threshold - 1 hits per group.
    private static void Prune(IReadOnlyList<(string Id, RuleDefinition Rule)> rules, RuleState state, long latest)
    {
        var live = rules.ToDictionary(r => r.Id, r => r.Rule, StringComparer.Ordinal);
        foreach (var id in state.Rules.Keys.Where(id => !live.ContainsKey(id)).ToList())
            state.Rules.Remove(id);
        foreach (var (id, groups) in state.Rules)
        {
            var horizon = latest - live[id].WindowSeconds * 1000L;
            foreach (var (group, window) in groups.ToList())
            {
                window.Hits.RemoveAll(hit => hit.At <= horizon);
                if (window.Hits.Count == 0 && window.QuietUntil <= latest)
                    groups.Remove(group);
            }
        }
    }
}
