using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>The embedded event log, read side; appends go through <see cref="SqliteAppendStore"/>.</summary>
internal sealed class SqliteEventStore(SqliteDatabase database) : IEventStore
{
    private const string SelectEvent = "SELECT " + StoredRows.EventColumns + " FROM events e LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq";

    public async Task<StoredEvent?> FindAsync(string orgId, string eventId, CancellationToken cancellationToken)
    {
        if (EventById.Time(eventId) is not { } time)
            return null;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoredRows.EventColumns} FROM {EventById.SqliteEvents} " +
            $"LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq WHERE {EventById.SqliteCondition}";
        command.Parameters.AddWithValue("$id", eventId);
        command.Parameters.AddWithValue("$org", orgId);
        command.Parameters.AddWithValue("$at", time);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredRows.ReadEvent(reader) : null;
    }

    public async IAsyncEnumerable<StoredEvent> ReadRangeAsync(
        string orgId, long fromSequence, long toSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectEvent + " WHERE e.org_id = $org AND e.seq BETWEEN $from AND $to ORDER BY e.seq";
        command.Parameters.AddWithValue("$org", orgId);
        command.Parameters.AddWithValue("$from", fromSequence);
        command.Parameters.AddWithValue("$to", toSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return StoredRows.ReadEvent(reader);
    }

    public async Task<IReadOnlyList<StoredEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await new SqliteEventQueries(connection).QueryAsync(query, cancellationToken);
    }

    public async Task<EventCounts> CountSinceAsync(string orgId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT severity, event_type, COUNT(*) FROM events
            WHERE org_id = $org AND recorded_at >= $since GROUP BY severity, event_type
            """;
        command.Parameters.AddWithValue("$org", orgId);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        var groups = new List<(string, string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            groups.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return StoredRules.Counts(groups);
    }

    public async Task<EventTotals> TotalsAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(recorded_at) FROM events WHERE org_id = $org";
        command.Parameters.AddWithValue("$org", orgId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new EventTotals(reader.GetInt64(0), StoredRows.OptionalTime(reader, 1));
    }
}
