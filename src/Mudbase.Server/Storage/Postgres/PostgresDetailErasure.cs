namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Erases detail values of one event: its salts and plain values in <c>event_details</c> and the index entries of
/// the erased values in <c>event_terms</c>, in the caller's transaction. Parameters: $1 secrets, $2 userId, $3
/// ipAddress, $4 resource (booleans: erase it), $5 event id, $6 organisation, $7 the id's time (<see cref="EventById.Time"/>).
/// </summary>
internal static class PostgresDetailErasure
{
    public static readonly string Sql = $"""
        WITH target AS (
            SELECT d.seq, d.user_id, d.ip_address, d.resource,
                (SELECT first_seq FROM event_index_runs WHERE org_id = $6 AND first_seq <= d.seq ORDER BY first_seq DESC LIMIT 1) AS run
            FROM events e JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq WHERE {EventById.PostgresCondition(org: 6, at: 7, id: 5)}),
        erased_terms AS (
            DELETE FROM event_terms WHERE org_id = $6 AND (run, field, value, seq) IN (
                SELECT run, 1, user_id, seq FROM target WHERE $2
                UNION ALL SELECT run, 2, ip_address, seq FROM target WHERE $3
                UNION ALL SELECT run, 3, resource, seq FROM target WHERE $4))
        UPDATE event_details SET secrets = $1,
            user_id = CASE WHEN $2 THEN NULL ELSE user_id END,
            ip_address = CASE WHEN $3 THEN NULL ELSE ip_address END,
            resource = CASE WHEN $4 THEN NULL ELSE resource END
        WHERE org_id = $6 AND seq = (SELECT seq FROM target)
        """;

    /// <summary>
    /// Taken by erasures and by the event indexer for one organisation until the transaction ends, so the indexer
    /// never writes index entries of a value an erasure removed meanwhile. Parameter $1: the organisation.
    /// </summary>
    public const string LockIndex = "SELECT pg_advisory_xact_lock(hashtextextended('mudbase-event-index:' || $1, 0))";

    /// <summary>The same lock without waiting: true when taken, false when an indexer or an erasure holds it.</summary>
    public const string TryLockIndex = "SELECT pg_try_advisory_xact_lock(hashtextextended('mudbase-event-index:' || $1, 0))";
}
