namespace Mudbase.Server.Storage;

/// <summary>A delivery subscription: where an organisation's events go, which of them, and how far delivery got.</summary>
internal sealed record WebhookRecord(
    string Id,
    string OrgId,
    string Url,
    string? Description,
    IReadOnlyList<string> EventTypes,
    string? MinSeverity,
    string? DetailMatchJson,
    bool Enabled,
    string Format,
    string? Secret,
    string? PreviousSecret,
    DateTimeOffset? PreviousSecretUntil,
    string Status,
    long DeliveredSequence,
    int Attempt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? FirstFailureAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Where delivery of one subscription stands after a run: saved only while the run still holds the lease.</summary>
internal sealed record WebhookProgress(
    string Id,
    long DeliveredSequence,
    int Attempt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? FirstFailureAt,
    string Status,
    string? LastError,
    DateTimeOffset LeaseUntil);

/// <summary>One try at delivering a message; <see cref="Sequence"/> is null for a test message.</summary>
internal sealed record DeliveryAttemptRecord(
    string Id,
    string WebhookId,
    long? Sequence,
    string MessageId,
    DateTimeOffset AttemptedAt,
    bool Succeeded,
    int? StatusCode,
    long LatencyMs,
    string? Error,
    string? ResponseExcerpt);

/// <summary>An event whose delivery was given up on; it can be listed and replayed.</summary>
internal sealed record DeadLetterRecord(string WebhookId, long Sequence, string EventId, DateTimeOffset FailedAt, int Attempts, string? LastError);
