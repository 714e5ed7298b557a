using System.Text.RegularExpressions;
using Mudbase.Contracts;
using Mudbase.Server.Compliance;

namespace Mudbase.Server.Alerts.Rules;

/// <summary>Checks a rule definition, naming each bad field the way the request spells it.</summary>
internal static partial class RuleValidation
{
    public const int MaxThreshold = 100;
    public const int MaxWindowSeconds = 7 * 24 * 3600;

    public static Dictionary<string, string> Check(RuleDefinition rule)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 100)
            errors["name"] = "is required, at most 100 characters";
        if (rule.Description is { Length: > 500 })
            errors["description"] = "must be at most 500 characters";
        CheckMatch(rule.Match, errors);
        if (rule.GroupBy is { } key && !DetailKey().IsMatch(key))
            errors["groupBy"] = "must be a detail key such as userId or ipAddress";
        if (rule.Threshold is < 1 or > MaxThreshold)
            errors["threshold"] = $"must be an integer from 1 to {MaxThreshold}";
        if (rule.WindowSeconds is < 1 or > MaxWindowSeconds)
            errors["windowSeconds"] = $"must be an integer from 1 to {MaxWindowSeconds}";
        if (!SecurityEventParser.IsValidType(rule.Emit.EventType))
            errors["emit.eventType"] = "must be a snake_case event type";
        if (!Severities.All.Contains(rule.Emit.Severity))
            errors["emit.severity"] = "must be one of low, medium, high, critical";
        return errors;
    }

    private static void CheckMatch(RuleMatch match, Dictionary<string, string> errors)
    {
        if (match.EventTypes.Count > 20 || match.EventTypes.Any(t => !SecurityEventParser.IsValidType(t)))
            errors["match.eventTypes"] = "must be at most 20 snake_case event types";
        if (match.MinSeverity is { } severity && !Severities.All.Contains(severity))
            errors["match.minSeverity"] = "must be one of low, medium, high, critical";
        if (match.Details.Count > 8 || match.Details.Any(pair => !DetailKey().IsMatch(pair.Key) || pair.Value is null || pair.Value.Length > 256))
            errors["match.details"] = "must be at most 8 detail keys with string values of at most 256 characters";
        if (match.OutsideWorkingHours is { } hours)
        {
            if (hours.StartHour is < 0 or > 23 || hours.EndHour is < 1 or > 24 || hours.StartHour >= hours.EndHour)
                errors["match.outsideWorkingHours"] = "startHour (0-23) must be before endHour (1-24)";
            else if (hours.TimeZone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZone, out _))
                errors["match.outsideWorkingHours.timeZone"] = "must be an IANA time zone such as Europe/Paris or UTC";
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex DetailKey();
}
