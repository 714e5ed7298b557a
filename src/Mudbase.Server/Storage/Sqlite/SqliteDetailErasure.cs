namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// Erases detail values of one event: its salts and plain values in <c>event_details</c>, in the caller's write
/// transaction (the posting lists of the erased values are changed before, by <c>PostingErasure</c>).
/// </summary>
internal static class SqliteDetailErasure
{
    public const string Sql = $"""
        UPDATE event_details SET secrets = $secrets,
            user_id = CASE WHEN $user THEN NULL ELSE user_id END,
            ip_address = CASE WHEN $ip THEN NULL ELSE ip_address END,
            resource = CASE WHEN $resource THEN NULL ELSE resource END
        WHERE org_id = $org AND seq = (SELECT e.seq FROM {EventById.SqliteEvents} WHERE {EventById.SqliteCondition});
        """;

    public static (string Name, object? Value)[] Parameters(
        string orgId, string eventId, byte[] secrets, bool userId, bool ipAddress, bool resource) =>
        [("$org", orgId), ("$id", eventId), ("$at", EventById.Time(eventId)), ("$secrets", secrets), ("$user", userId), ("$ip", ipAddress), ("$resource", resource)];
}
