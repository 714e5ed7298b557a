namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Statements that put a current database back into the layout of an earlier schema version.</summary>
internal static class EarlierLayouts
{
    /// <summary>
    /// The layout of schema version 17: the detail index in <c>event_terms</c>, one row per indexed value of
    /// each event (org_id, run, field, value, seq), written here for the events the runs cover. Leaves the stored
    /// version alone.
    /// </summary>
    public static string[] BeforeVersion18(StorageKind storage) =>
    [
        "DROP TABLE event_postings",
        storage == StorageKind.Postgres
            ? """
                CREATE TABLE event_terms (org_id text NOT NULL, run bigint NOT NULL, field smallint NOT NULL, value text NOT NULL,
                    seq bigint NOT NULL, PRIMARY KEY (org_id, run, field, value, seq))
                """
            : """
                CREATE TABLE event_terms (org_id TEXT NOT NULL, run INTEGER NOT NULL, field INTEGER NOT NULL, value TEXT NOT NULL,
                    seq INTEGER NOT NULL, PRIMARY KEY (org_id, run, field, value, seq)) WITHOUT ROWID
                """,
        """
        WITH indexed AS (
            SELECT e.org_id, r.first_seq AS run, e.seq, d.user_id, d.ip_address, d.resource, e.event_type, e.severity, e.actor
            FROM event_index_runs r JOIN events e ON e.org_id = r.org_id AND e.seq BETWEEN r.first_seq AND r.last_seq
            LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq)
        INSERT INTO event_terms (org_id, run, field, value, seq)
            SELECT org_id, run, 1, user_id, seq FROM indexed WHERE user_id IS NOT NULL
            UNION ALL SELECT org_id, run, 2, ip_address, seq FROM indexed WHERE ip_address IS NOT NULL
            UNION ALL SELECT org_id, run, 3, resource, seq FROM indexed WHERE resource IS NOT NULL
            UNION ALL SELECT org_id, run, 4, severity || ':' || event_type, seq FROM indexed
            UNION ALL SELECT org_id, run, 5, severity, seq FROM indexed
            UNION ALL SELECT org_id, run, 6, actor, seq FROM indexed
        """,
    ];

    /// <summary>
    /// The layout of schema version 16: version 17's layout with the unique index over event ids, which version 17
    /// dropped. Leaves the stored version alone.
    /// </summary>
    public static string[] BeforeVersion17(StorageKind storage) => [.. BeforeVersion18(storage), "CREATE UNIQUE INDEX ux_events_id ON events (id)"];

    /// <summary>
    /// The layout of schema version 15: <c>event_terms</c> held detail values only, and the event row had B-tree
    /// indexes on type × severity, severity and actor (and on PostgreSQL on type). Leaves the stored version alone.
    /// </summary>
    public static string[] BeforeVersion16(StorageKind storage) =>
    [
        .. BeforeVersion17(storage),
        "DELETE FROM event_terms WHERE field >= 4",
        "CREATE INDEX ix_events_type_severity ON events (org_id, event_type, severity, seq)",
        "CREATE INDEX ix_events_severity ON events (org_id, severity, seq)",
        "CREATE INDEX ix_events_actor ON events (org_id, actor, seq)",
        .. (storage == StorageKind.Postgres ? new[] { "CREATE INDEX ix_events_type ON events (org_id, event_type, seq)" } : []),
    ];
}
