namespace Mudbase.Server.Gdpr;

/// <summary>Data-subject rights settings (<c>Mudbase:Gdpr</c>).</summary>
internal sealed class GdprOptions
{
    public const string Section = "Mudbase:Gdpr";

    /// <summary>How often the retention job runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Events one retention transaction erases at most; a run repeats until none is left.</summary>
    public int RetentionBatchSize { get; set; } = 1000;

    /// <summary>Events one export carries at most.</summary>
    public int ExportLimit { get; set; } = 10_000;

    public const int MinRetentionDays = 1;

    public const int MaxRetentionDays = 36_500;
}
