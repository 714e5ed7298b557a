namespace Mudbase.Server.Alerts.Committed;

/// <summary>Settings of the shared window of recently committed events (<c>Mudbase:CommittedEvents</c>).</summary>
internal sealed class CommittedOptions
{
    public const string Section = "Mudbase:CommittedEvents";

    /// <summary>The most recent events kept per organisation; a follower further behind reads storage itself.</summary>
    public int PerOrganisation { get; set; } = 1024;

    /// <summary>The most events kept for all organisations together; the least recently read organisations go first.</summary>
    public int Total { get; set; } = 8192;

    /// <summary>How long a kept event is served; older ones are read from storage again (for one, after an erasure).</summary>
    public int MaxAgeMilliseconds { get; set; } = 5000;
}
