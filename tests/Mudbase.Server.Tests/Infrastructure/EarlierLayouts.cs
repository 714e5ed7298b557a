namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Statements that put a current database back into the layout of an earlier schema version.</summary>
internal static class EarlierLayouts
{
    /// <summary>
    /// The layout of schema version 16: the unique index over event ids, which version 17 dropped. Leaves the stored
    /// version alone.
    /// </summary>
    public static string[] BeforeVersion17() => ["CREATE UNIQUE INDEX ux_events_id ON events (id)"];

    /// <summary>
    /// The layout of schema version 15: <c>event_terms</c> held detail values only, and the event row had B-tree indexes
    /// on type × severity, severity and actor (and on PostgreSQL on type), besides the one over ids every version before
    /// 17 had. Leaves the stored version alone.
    /// </summary>
    public static string[] BeforeVersion16(StorageKind storage) =>
    [
        .. BeforeVersion17(),
        "DELETE FROM event_terms WHERE field >= 4",
        "CREATE INDEX ix_events_type_severity ON events (org_id, event_type, severity, seq)",
        "CREATE INDEX ix_events_severity ON events (org_id, severity, seq)",
        "CREATE INDEX ix_events_actor ON events (org_id, actor, seq)",
        .. (storage == StorageKind.Postgres ? new[] { "CREATE INDEX ix_events_type ON events (org_id, event_type, seq)" } : []),
    ];
}
