namespace Mudbase.Server.EventIndex;

/// <summary>Settings of the detail index written behind the log (<c>Mudbase:EventIndex</c>).</summary>
internal sealed class EventIndexOptions
{
    public const string Section = "Mudbase:EventIndex";

    /// <summary>Whether this node writes the index; queries stay complete without it (they read the tail), only slower.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Events past the watermark that start a run at once, and the size of a full run (never merged again). Larger
    /// runs write fewer pages per event; the tail a detail query reads unindexed is at most about this long.
    /// </summary>
    public int RunEvents { get; set; } = 16384;

    /// <summary>How long fewer than <see cref="RunEvents"/> events wait before they are indexed anyway.</summary>
    public int MaxDelayMilliseconds { get; set; } = 1000;

    /// <summary>
    /// The most events indexed in one transaction (catching up after a restart or a burst). On SQLite the step reads
    /// and sorts them on a read snapshot, then holds the write lock while it writes the run, and appends wait for that.
    /// </summary>
    public int MaxRunEvents { get; set; } = 65536;

    /// <summary>How often logs are checked without a commit of this node (commits of other nodes).</summary>
    public int PollMilliseconds { get; set; } = 1000;
}
