using System.Data.Common;

namespace Mudbase.Server.Storage;

/// <summary>Row mapping shared by the SQL providers: both store times as Unix milliseconds and hashes as blobs.</summary>
internal static class StoredRows
{
    /// <summary>The columns <see cref="ReadEvent"/> expects, over <c>events e LEFT JOIN event_details d</c>.</summary>
    public const string EventColumns =
        "e.id, e.org_id, e.seq, e.event_type, e.severity, e.recorded_at, e.actor, e.source, e.leaf_hash, e.commitments, d.secrets";

    public static StoredEvent ReadEvent(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
        Time(reader, 5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
        (byte[])reader.GetValue(8), (byte[])reader.GetValue(9), reader.IsDBNull(10) ? null : (byte[])reader.GetValue(10));

    /// <summary>The columns <see cref="ReadCheckpoint"/> expects, from <c>checkpoints</c>.</summary>
    public const string CheckpointColumns = "tree_size, root, note, signed_at";

    public static CheckpointRecord ReadCheckpoint(string orgId, DbDataReader reader) =>
        new(orgId, reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetString(2), Time(reader, 3));

    /// <summary>The columns <see cref="ReadUser"/> expects, from <c>users</c>.</summary>
    public const string UserColumns = "id, email, password_hash, first_name, last_name, created_at";

    public static UserRecord ReadUser(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), Time(reader, 5));

    /// <summary>The columns <see cref="ReadInvite"/> expects, from <c>invites</c>.</summary>
    public const string InviteColumns = "id, org_id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at";

    public static InviteRecord ReadInvite(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), Time(reader, 6), Time(reader, 7), OptionalTime(reader, 8));

    /// <summary>The columns <see cref="ReadMember"/> expects, over <c>memberships m JOIN users u</c>.</summary>
    public const string MemberColumns = "u.id, u.email, u.first_name, u.last_name, m.role, m.created_at";

    public static MemberRecord ReadMember(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), Time(reader, 5));

    /// <summary>The columns <see cref="ReadApiKey"/> expects, from <c>api_keys</c>.</summary>
    public const string ApiKeyColumns =
        "id, org_id, name, prefix, key_hash, scopes, created_by, created_at, expires_at, last_used_at, revoked_at, " +
        "request_count, is_active, rate_limit_requests, rate_limit_window, updated_at";

    public static ApiKeyRecord ReadApiKey(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        Scopes(reader.GetString(5)), reader.GetString(6), Time(reader, 7),
        OptionalTime(reader, 8), OptionalTime(reader, 9), OptionalTime(reader, 10),
        reader.GetInt64(11), reader.GetBoolean(12),
        reader.IsDBNull(13) || reader.IsDBNull(14) ? null : new KeyRateLimit(reader.GetInt64(13), reader.GetInt64(14)),
        OptionalTime(reader, 15));

    /// <summary>The columns <see cref="ReadOrg"/> expects, from <c>orgs</c>.</summary>
    public const string OrgColumns = "id, name, slug, description, website, created_at, updated_at";

    public static OrgRecord ReadOrg(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? OrgSlug.From(reader.GetString(1)) : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
        Time(reader, 5), OptionalTime(reader, 6));

    /// <summary>API key scopes are stored space-separated.</summary>
    public static string Scopes(IEnumerable<string> scopes) => string.Join(' ', scopes);

    public static string[] Scopes(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static DateTimeOffset Time(DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? OptionalTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Time(reader, ordinal);
}
