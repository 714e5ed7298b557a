using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>The event log on PostgreSQL, read side: appends go through <see cref="PostgresAppendStore"/>.</summary>
internal sealed class PostgresEventStore(PostgresDatabase database) : IEventStore
{
    private const string SelectEvent = "SELECT " + StoredRows.EventColumns + " FROM events e LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq";

    public async Task<StoredEvent?> FindAsync(string orgId, string eventId, CancellationToken cancellationToken) =>
        EventById.Time(eventId) is { } time
            ? await database.RunAsync((connection, token) => SingleOrDefaultAsync(connection,
                SelectEvent + " WHERE " + EventById.PostgresCondition(org: 2, at: 3, id: 1), StoredRows.ReadEvent, token,
                eventId, orgId, time), cancellationToken)
            : null;

    public IAsyncEnumerable<StoredEvent> ReadRangeAsync(string orgId, long fromSequence, long toSequence, CancellationToken cancellationToken) =>
        PostgresPaging.StreamAsync(fromSequence, (from, token) => database.RunAsync((connection, cancel) => ListAsync(connection,
                SelectEvent + $" WHERE e.org_id = $1 AND e.seq BETWEEN $2 AND $3 ORDER BY e.seq LIMIT {PostgresPaging.PageSize}",
                StoredRows.ReadEvent, cancel, orgId, from, toSequence), token),
            e => e.Sequence, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => new PostgresEventQueries(connection).QueryAsync(query, token), cancellationToken);

    public Task<EventCounts> CountSinceAsync(string orgId, DateTimeOffset since, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, token) =>
        {
            var rows = await ListAsync(connection, """
                SELECT severity, event_type, COUNT(*) FROM events
                WHERE org_id = $1 AND recorded_at >= $2 GROUP BY severity, event_type
                """, reader => (Severity: reader.GetString(0), Type: reader.GetString(1), Count: reader.GetInt64(2)),
                token, orgId, since.ToUnixTimeMilliseconds());
            return StoredRules.Counts(rows);
        }, cancellationToken);

    public Task<EventTotals> TotalsAsync(string orgId, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, token) => (await SingleOrDefaultAsync(connection,
            "SELECT COUNT(*), MAX(recorded_at) FROM events WHERE org_id = $1",
            reader => new EventTotals(reader.GetInt64(0), reader.IsDBNull(1) ? null : StoredRows.Time(reader, 1)),
            token, orgId))!, cancellationToken);
}
