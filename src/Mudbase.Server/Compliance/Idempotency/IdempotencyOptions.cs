namespace Mudbase.Server.Compliance.Idempotency;

internal sealed class IdempotencyOptions
{
    public const string Section = "Mudbase:Idempotency";

    /// <summary>How long a key answers with its first response; the draft standard suggests 24 hours.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired keys are deleted, off the request path.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most keys one clean-up statement deletes, so no delete holds the write lock for long.</summary>
    public int CleanupBatchSize { get; set; } = 5000;
}
