using System.Data.Common;

namespace Mudbase.Server.Storage;

/// <summary>Row mapping for <see cref="StrongAuthSql"/> queries, shared by both providers.</summary>
internal static class StrongAuthRows
{
    public static MfaRecord ReadMfa(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), StoredRows.OptionalTime(reader, 2), reader.GetInt64(3));

    public static MfaChallengeRecord ReadChallenge(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), StoredRows.Time(reader, 3));

    public static (string UserId, UserActivity Activity) ReadActivity(DbDataReader reader) =>
        (reader.GetString(0), new UserActivity(StoredRows.OptionalTime(reader, 1), StoredRows.OptionalTime(reader, 2)));

    public static OrgPolicyRecord ReadPolicy(DbDataReader reader) =>
        new(StoredRows.Scopes(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1));

    public static readonly OrgPolicyRecord DefaultPolicy = new([], null);
}
