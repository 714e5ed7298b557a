using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Mudbase.Server.Ledger;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// The embedded event log. All appends go through one writer connection (SQLite has one writer anyway),
/// each batch in one <c>BEGIN IMMEDIATE</c> transaction whose commit fsyncs the WAL.
/// </summary>
internal sealed class SqliteEventStore(SqliteDatabase database, AppendPlanner planner, TimeProvider time) : IEventStore, IAsyncDisposable
{
    private readonly SemaphoreSlim writerLock = new(1, 1);
    private SqliteWriter? writer;

    public async Task<IReadOnlyList<AppendedEvent>> AppendAsync(IReadOnlyList<EventDraft> batch, CancellationToken cancellationToken)
    {
        await writerLock.WaitAsync(cancellationToken);
        try
        {
            writer ??= await SqliteWriter.OpenAsync(database, planner, time, cancellationToken);
            return writer.Append(batch);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
        {
            // A failed connection may be in an unknown state; the next batch starts from a fresh one.
            if (writer is not null)
                await writer.DisposeAsync();
            writer = null;
            throw new StorageUnavailableException("The event could not be committed", e);
        }
        finally
        {
            writerLock.Release();
        }
    }

    private const string EventColumns =
        "e.id, e.org_id, e.seq, e.event_type, e.severity, e.recorded_at, e.actor, e.source, e.leaf_hash, e.commitments, d.secrets";

    private const string SelectEvent = "SELECT " + EventColumns + " FROM events e LEFT JOIN event_details d ON d.event_id = e.id";

    public async Task<StoredEvent?> FindAsync(string orgId, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectEvent + " WHERE e.id = $id AND e.org_id = $org";
        command.Parameters.AddWithValue("$id", eventId);
        command.Parameters.AddWithValue("$org", orgId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEvent(reader) : null;
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
            yield return ReadEvent(reader);
    }

    public async Task<IReadOnlyList<StoredEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        SqliteEventQueries.Prepare(command, query, EventColumns);
        var result = new List<StoredEvent>(query.Limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(ReadEvent(reader));
        return result;
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
        var bySeverity = new Dictionary<string, long>(StringComparer.Ordinal);
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt64(2);
            bySeverity[reader.GetString(0)] = bySeverity.GetValueOrDefault(reader.GetString(0)) + count;
            byType[reader.GetString(1)] = byType.GetValueOrDefault(reader.GetString(1)) + count;
            total += count;
        }
        return new EventCounts(bySeverity, byType, total);
    }

    public async Task<EventTotals> TotalsAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(recorded_at) FROM events WHERE org_id = $org";
        command.Parameters.AddWithValue("$org", orgId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new EventTotals(reader.GetInt64(0), reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
    }

    private static StoredEvent ReadEvent(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7), (byte[])reader.GetValue(8), reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10));

    public async ValueTask DisposeAsync()
    {
        if (writer is not null)
            await writer.DisposeAsync();
        writerLock.Dispose();
    }
}
