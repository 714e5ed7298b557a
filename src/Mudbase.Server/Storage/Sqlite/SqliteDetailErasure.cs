namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// Erases detail values of one event: its salts and plain values in <c>event_details</c> and the index entries of
/// the erased values in <c>event_terms</c>, in the caller's write transaction.
/// </summary>
internal static class SqliteDetailErasure
{
    public const string Sql = $"""
        WITH target AS (
            SELECT d.seq, d.user_id, d.ip_address, d.resource,
                (SELECT first_seq FROM event_index_runs WHERE org_id = $org AND first_seq <= d.seq ORDER BY first_seq DESC LIMIT 1) AS run
            FROM {EventById.SqliteEvents} JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq WHERE {EventById.SqliteCondition})
        DELETE FROM event_terms WHERE org_id = $org AND (run, field, value, seq) IN (
            SELECT run, 1, user_id, seq FROM target WHERE $user
            UNION ALL SELECT run, 2, ip_address, seq FROM target WHERE $ip
            UNION ALL SELECT run, 3, resource, seq FROM target WHERE $resource);
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
