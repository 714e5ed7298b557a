namespace Mudbase.Server.Alerts.Rules;

/// <summary>
/// The open windows of an organisation's rules, saved with the evaluation cursor: per rule id, per group value, the
/// matching events still inside the window and when the group may fire again.
/// </summary>
internal sealed class RuleState
{
    public Dictionary<string, Dictionary<string, GroupWindow>> Rules { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class GroupWindow
{
    public List<WindowHit> Hits { get; set; } = [];

    /// <summary>Unix milliseconds until which the group stays quiet after firing (once per group per window).</summary>
    public long QuietUntil { get; set; }
}

/// <summary>A matching event: its sequence and when it was recorded (Unix milliseconds).</summary>
internal sealed record WindowHit(long Sequence, long At);

/// <summary>A rule that fired: the events that made it fire, oldest first.</summary>
internal sealed record Detection(string RuleId, RuleDefinition Rule, string Group, IReadOnlyList<long> Sequences)
{
    /// <summary>
    /// Names this detection for the idempotency claim of its derived event: the same rule fires on the same last
    /// event only once, so evaluating the same events again after a crash finds the event already recorded.
    /// </summary>
    public string Key => $"rule:{RuleId}:{Sequences[^1]}";
}
