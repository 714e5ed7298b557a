namespace Mudbase.Server.Alerts.Rules;

/// <summary>
/// The body of creating (every field but <see cref="Description"/> and <see cref="GroupBy"/> required) or changing a
/// rule (only the fields given change; <c>match</c> and <c>emit</c> are replaced whole; <c>groupBy: ""</c> removes grouping).
/// </summary>
internal sealed record RuleInput(
    string? Name,
    string? Description,
    bool? Enabled,
    RuleMatchInput? Match,
    string? GroupBy,
    int? Threshold,
    int? WindowSeconds,
    RuleEmitInput? Emit);

internal sealed record RuleMatchInput(
    IReadOnlyList<string>? EventTypes,
    string? MinSeverity,
    IReadOnlyDictionary<string, string>? Details,
    WorkingHours? OutsideWorkingHours)
{
    public RuleMatch ToMatch() => new(EventTypes ?? [], MinSeverity, Details ?? new Dictionary<string, string>(), OutsideWorkingHours);
}

internal sealed record RuleEmitInput(string? EventType, string? Severity)
{
    public RuleEmit ToEmit() => new(EventType ?? RuleDefaults.DerivedType, Severity ?? "");
}
