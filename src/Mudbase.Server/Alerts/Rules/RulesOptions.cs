namespace Mudbase.Server.Alerts.Rules;

/// <summary>Settings of rule evaluation (<c>Mudbase:Rules</c>).</summary>
internal sealed class RulesOptions
{
    public const string Section = "Mudbase:Rules";

    /// <summary>Whether this node evaluates rules; other nodes keep doing it when one is turned off.</summary>
    public bool Evaluate { get; set; } = true;

    /// <summary>How often logs are checked for new events without a commit of this node (commits of other nodes).</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>The least time between two evaluation passes of this node, so a busy log is evaluated in steps, not per commit.</summary>
    public int MinIntervalMilliseconds { get; set; } = 250;

    /// <summary>How long an organisation's evaluation lease lasts; another node takes over after it expires.</summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>Events evaluated per step; the cursor and window state are saved after each step.</summary>
    public int BatchSize { get; set; } = 500;
}
