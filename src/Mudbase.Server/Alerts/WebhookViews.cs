using System.Text.Json;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts;

internal sealed record WebhookView(
    string Id,
    string Url,
    string? Description,
    IReadOnlyList<string> EventTypes,
    string? MinSeverity,
    JsonElement? DetailMatch,
    bool Enabled,
    string Format,
    string Status,
    long DeliveredSequence,
    int PendingAttempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WebhookView From(WebhookRecord w) => new(
        w.Id, w.Url, w.Description, w.EventTypes, w.MinSeverity,
        w.DetailMatchJson is null ? null : JsonDocument.Parse(w.DetailMatchJson).RootElement.Clone(),
        w.Enabled, w.Format, w.Status, w.DeliveredSequence, w.Attempt, w.Attempt > 0 ? w.NextAttemptAt : null, w.LastError,
        w.PreviousSecret is null ? null : w.PreviousSecretUntil, w.CreatedAt, w.UpdatedAt);
}

internal sealed record WebhooksResponse(bool Success, IReadOnlyList<WebhookView> Webhooks);

internal sealed record WebhookResponse(bool Success, WebhookView Webhook);

/// <summary>The only answer that shows the signing secret (null for syslog destinations, which are not signed).</summary>
internal sealed record WebhookCreatedResponse(bool Success, WebhookView Webhook, string? Secret);

internal sealed record SecretRotatedResponse(bool Success, string Secret, DateTimeOffset? PreviousSecretExpiresAt);

internal sealed record DeliveryAttemptView(
    string Id, long? Sequence, string MessageId, DateTimeOffset AttemptedAt, bool Succeeded, int? StatusCode, long LatencyMs,
    string? Error, string? ResponseExcerpt)
{
    public static DeliveryAttemptView From(DeliveryAttemptRecord a) =>
        new(a.Id, a.Sequence, a.MessageId, a.AttemptedAt, a.Succeeded, a.StatusCode, a.LatencyMs, a.Error, a.ResponseExcerpt);
}

internal sealed record DeliveryAttemptsResponse(bool Success, IReadOnlyList<DeliveryAttemptView> Attempts);

internal sealed record WebhookTestResponse(bool Success, DeliveryAttemptView Attempt);

internal sealed record DeadLetterView(long Sequence, string EventId, DateTimeOffset FailedAt, int Attempts, string? LastError)
{
    public static DeadLetterView From(DeadLetterRecord d) => new(d.Sequence, d.EventId, d.FailedAt, d.Attempts, d.LastError);
}

internal sealed record DeadLettersResponse(bool Success, IReadOnlyList<DeadLetterView> DeadLetters);

internal sealed record DeadLetterReplayResponse(bool Success, int Replayed, int Delivered, IReadOnlyList<DeadLetterView> StillFailing);
