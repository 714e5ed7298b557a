using System.Data.Common;

namespace Mudbase.Server.Storage;

/// <summary>
/// The webhook statements, written once for both providers: positional <c>$1…</c> parameters (SQLite takes them as
/// names), integers for flags and millisecond times.
/// </summary>
internal static class WebhookSql
{
    private const string Columns = """
        id, org_id, url, description, event_types, min_severity, detail_match, enabled, format, secret, previous_secret,
        previous_secret_until, status, delivered_seq, attempt, next_attempt_at, first_failure_at, last_error, created_at, updated_at
        """;

    public const string Insert = $"INSERT INTO webhooks ({Columns}, lease_owner, lease_until) VALUES " +
        "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, NULL, 0)";

    public const string Find = $"SELECT {Columns} FROM webhooks WHERE org_id = $1 AND id = $2";

    public const string List = $"SELECT {Columns} FROM webhooks WHERE org_id = $1 ORDER BY created_at, id";

    public const string UpdateSettings = """
        UPDATE webhooks SET url = $3, description = $4, event_types = $5, min_severity = $6, detail_match = $7, enabled = $8,
            format = $9, updated_at = $10
        WHERE org_id = $1 AND id = $2
        """;

    public const string SetSecrets = """
        UPDATE webhooks SET secret = $3, previous_secret = $4, previous_secret_until = $5, updated_at = $6
        WHERE org_id = $1 AND id = $2
        """;

    public const string Delete = "DELETE FROM webhooks WHERE org_id = $1 AND id = $2";

    public const string DeleteAttempts = "DELETE FROM webhook_attempts WHERE webhook_id = $1";

    public const string DeleteDeadLetters = "DELETE FROM webhook_dead_letters WHERE webhook_id = $1";

    public const string Due = $"""
        SELECT {Columns} FROM webhooks
        WHERE enabled = 1 AND next_attempt_at <= $1 AND lease_until < $1
        ORDER BY next_attempt_at, id LIMIT $2
        """;

    public const string Lease = "UPDATE webhooks SET lease_owner = $2, lease_until = $4 WHERE id = $1 AND (lease_until < $3 OR lease_owner = $2)";

    public const string Progress = """
        UPDATE webhooks SET delivered_seq = $3, attempt = $4, next_attempt_at = $5, first_failure_at = $6, status = $7,
            last_error = $8, lease_until = $9
        WHERE id = $1 AND lease_owner = $2
        """;

    public const string Release = "UPDATE webhooks SET lease_owner = NULL, lease_until = 0 WHERE id = $1 AND lease_owner = $2";

    public const string InsertAttempt = """
        INSERT INTO webhook_attempts (id, webhook_id, seq, message_id, attempted_at, succeeded, status_code, latency_ms, error, response_excerpt)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        """;

    public const string Attempts = """
        SELECT id, webhook_id, seq, message_id, attempted_at, succeeded, status_code, latency_ms, error, response_excerpt
        FROM webhook_attempts WHERE webhook_id = $1 ORDER BY attempted_at DESC, id DESC LIMIT $2
        """;

    // Attempts are kept for a week: enough to investigate an outage, bounded for a busy subscription.
    public const string PruneAttempts = "DELETE FROM webhook_attempts WHERE webhook_id = $1 AND attempted_at < $2";

    public const string InsertDeadLetter = """
        INSERT INTO webhook_dead_letters (webhook_id, seq, event_id, failed_at, attempts, last_error) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (webhook_id, seq) DO UPDATE SET failed_at = excluded.failed_at, attempts = excluded.attempts, last_error = excluded.last_error
        """;

    public const string DeadLetters = """
        SELECT webhook_id, seq, event_id, failed_at, attempts, last_error
        FROM webhook_dead_letters WHERE webhook_id = $1 ORDER BY seq LIMIT $2
        """;

    public const string RemoveDeadLetter = "DELETE FROM webhook_dead_letters WHERE webhook_id = $1 AND seq = $2";

    public static readonly TimeSpan AttemptRetention = TimeSpan.FromDays(7);

    public static object?[] InsertValues(WebhookRecord w) =>
    [
        w.Id, w.OrgId, w.Url, w.Description, string.Join(' ', w.EventTypes), w.MinSeverity, w.DetailMatchJson, w.Enabled ? 1L : 0L,
        w.Format, w.Secret, w.PreviousSecret, w.PreviousSecretUntil?.ToUnixTimeMilliseconds(), w.Status, w.DeliveredSequence,
        (long)w.Attempt, w.NextAttemptAt.ToUnixTimeMilliseconds(), w.FirstFailureAt?.ToUnixTimeMilliseconds(), w.LastError,
        w.CreatedAt.ToUnixTimeMilliseconds(), w.UpdatedAt.ToUnixTimeMilliseconds(),
    ];

    public static object?[] SettingsValues(WebhookRecord w) =>
    [
        w.OrgId, w.Id, w.Url, w.Description, string.Join(' ', w.EventTypes), w.MinSeverity, w.DetailMatchJson, w.Enabled ? 1L : 0L,
        w.Format, w.UpdatedAt.ToUnixTimeMilliseconds(),
    ];

    public static object?[] ProgressValues(WebhookProgress p, string owner) =>
    [
        p.Id, owner, p.DeliveredSequence, (long)p.Attempt, p.NextAttemptAt.ToUnixTimeMilliseconds(), p.FirstFailureAt?.ToUnixTimeMilliseconds(),
        p.Status, p.LastError, p.LeaseUntil.ToUnixTimeMilliseconds(),
    ];

    public static object?[] AttemptValues(DeliveryAttemptRecord a) =>
    [
        a.Id, a.WebhookId, a.Sequence, a.MessageId, a.AttemptedAt.ToUnixTimeMilliseconds(), a.Succeeded ? 1L : 0L,
        a.StatusCode is { } code ? (long)code : null, a.LatencyMs, a.Error, a.ResponseExcerpt,
    ];

    public static object?[] DeadLetterValues(DeadLetterRecord d) =>
        [d.WebhookId, d.Sequence, d.EventId, d.FailedAt.ToUnixTimeMilliseconds(), (long)d.Attempts, d.LastError];

    public static WebhookRecord ReadWebhook(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), Text(r, 3),
        r.GetString(4).Split(' ', StringSplitOptions.RemoveEmptyEntries), Text(r, 5), Text(r, 6), r.GetInt64(7) != 0, r.GetString(8),
        Text(r, 9), Text(r, 10), StoredRows.OptionalTime(r, 11), r.GetString(12), r.GetInt64(13), (int)r.GetInt64(14),
        StoredRows.Time(r, 15), StoredRows.OptionalTime(r, 16), Text(r, 17), StoredRows.Time(r, 18), StoredRows.Time(r, 19));

    public static DeliveryAttemptRecord ReadAttempt(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetString(3), StoredRows.Time(r, 4), r.GetInt64(5) != 0,
        r.IsDBNull(6) ? null : (int)r.GetInt64(6), r.GetInt64(7), Text(r, 8), Text(r, 9));

    public static DeadLetterRecord ReadDeadLetter(DbDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetString(2), StoredRows.Time(r, 3), (int)r.GetInt64(4), Text(r, 5));

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
