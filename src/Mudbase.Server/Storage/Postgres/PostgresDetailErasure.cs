namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Erases detail values of one event: its salts and plain values in <c>event_details</c>, in the caller's transaction
/// (the posting lists of the erased values are changed before, by <c>PostingErasure</c>). Parameters: $1 secrets,
/// $2 userId, $3 ipAddress, $4 resource (booleans: erase it), $5 event id, $6 organisation,
/// $7 the id's time (<see cref="EventById.Time"/>).
/// </summary>
internal static class PostgresDetailErasure
{
    public static readonly string Sql = $"""
        WITH target AS (
            SELECT d.seq
            FROM events e JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq WHERE {EventById.PostgresCondition(org: 6, at: 7, id: 5)})
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
