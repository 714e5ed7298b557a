namespace Mudbase.Server.Alerts.Rules;

/// <summary>
/// A threshold rule: <see cref="Threshold"/> events matching <see cref="Match"/> with the same value of the detail
/// <see cref="GroupBy"/> within <see cref="WindowSeconds"/> raise one <see cref="Emit"/> event, once per group per window.
/// </summary>
internal sealed record RuleDefinition(
    string Name,
    string? Description,
    bool Enabled,
    RuleMatch Match,
    string? GroupBy,
    int Threshold,
    int WindowSeconds,
    RuleEmit Emit);

/// <summary>Which events a rule counts: every given condition must hold.</summary>
/// <param name="EventTypes">Any of these types; empty for any type.</param>
/// <param name="MinSeverity">At least this severity; null for any.</param>
/// <param name="Details">Detail values that must be equal (as text).</param>
/// <param name="OutsideWorkingHours">Only events recorded outside these hours (and on weekends).</param>
internal sealed record RuleMatch(
    IReadOnlyList<string> EventTypes,
    string? MinSeverity,
    IReadOnlyDictionary<string, string> Details,
    WorkingHours? OutsideWorkingHours);

/// <summary>Working hours, Monday to Friday from <see cref="StartHour"/> to <see cref="EndHour"/> (exclusive) in a time zone.</summary>
internal sealed record WorkingHours(int StartHour, int EndHour, string TimeZone);

/// <summary>The event a rule records when it fires.</summary>
internal sealed record RuleEmit(string EventType, string Severity);

/// <summary>A rule as the API shows it.</summary>
internal sealed record RuleView(
    string Id, string Name, string? Description, bool Enabled, RuleMatch Match, string? GroupBy, int Threshold, int WindowSeconds,
    RuleEmit Emit, string? BuiltIn, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record RuleResponse(bool Success, RuleView Rule);

internal sealed record RuleListResponse(bool Success, IReadOnlyList<RuleView> Rules);

internal sealed record RuleDeletedResponse(bool Success, string Message);
