using System.Data.Common;

namespace Mudbase.Server.Storage;

/// <summary>Row mapping of the privacy tables, shared by the SQL providers.</summary>
internal static class PrivacyRows
{
    public const string SettingsColumns = "org_id, subject_key, retention_days, personal_keys, updated_at";

    public static PrivacySettings ReadSettings(DbDataReader reader) => new(
        reader.GetString(0), (byte[])reader.GetValue(1), reader.IsDBNull(2) ? null : (int)reader.GetInt64(2),
        reader.GetString(3).Split(' ', StringSplitOptions.RemoveEmptyEntries), StoredRows.Time(reader, 4));

    public const string HoldColumns = "id, org_id, subject_id, from_at, to_at, reason, created_by, created_at, released_at, released_by";

    public static LegalHoldRecord ReadHold(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
        StoredRows.OptionalTime(reader, 3), StoredRows.OptionalTime(reader, 4), reader.GetString(5), reader.GetString(6),
        StoredRows.Time(reader, 7), StoredRows.OptionalTime(reader, 8), reader.IsDBNull(9) ? null : reader.GetString(9));

    public const string ErasureColumns = "id, org_id, subject_hash, scope, requested_by, erased_at, events, details, held_back, receipt_event_id";

    public static ErasureRecord ReadErasure(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
        reader.GetString(4), StoredRows.Time(reader, 5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8),
        reader.IsDBNull(9) ? null : reader.GetString(9));

    /// <summary>
    /// True for a details row <c>d</c> with a value left to erase: more than its format byte, and not the explicit form
    /// with every detail erased (<see cref="Details.DetailCodec.AllErased"/>), given as a one-byte literal of the dialect.
    /// </summary>
    public static string HasOpenDetails(string allErasedLiteral) =>
        $"length(d.secrets) > 1 AND substr(d.secrets, 1, 1) <> {allErasedLiteral}";

    /// <summary>The columns <see cref="ReadCandidate"/> expects, over <c>event_details d JOIN events e</c>.</summary>
    public const string CandidateColumns = "e.id, d.seq, e.recorded_at, d.user_id, d.secrets";

    public static ErasureCandidate ReadCandidate(DbDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), StoredRows.Time(reader, 2), reader.IsDBNull(3) ? null : reader.GetString(3),
        (byte[])reader.GetValue(4));

    /// <summary>
    /// The event types that record erasures and legal holds. They carry no personal data (subjects only as keyed
    /// hashes) and are the audit trail of the erasures themselves, so retention leaves their details alone.
    /// </summary>
    public const string AuditTrailTypes = "'data_erasure_completed', 'legal_hold_placed', 'legal_hold_released'";

    public static string Keys(IEnumerable<string> keys) => string.Join(' ', keys);

    /// <summary>The e-mail an erased account keeps: unique, undeliverable, and free of personal data.</summary>
    public static string ErasedEmail(string userId) => $"erased-{userId}@erased.invalid";

    /// <summary>A password hash no password verifies against.</summary>
    public const string NoPassword = "!erased";
}
