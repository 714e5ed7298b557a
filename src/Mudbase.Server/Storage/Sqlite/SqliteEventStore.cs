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

    private const string SelectEvent = "SELECT " + StoredRows.EventColumns + " FROM events e LEFT JOIN event_details d ON d.event_id = e.id";

    public async Task<StoredEvent?> FindAsync(string orgId, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectEvent + " WHERE e.id = $id AND e.org_id = $org";
        command.Parameters.AddWithValue("$id", eventId);
        command.Parameters.AddWithValue("$org", orgId);
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
        await using var command = connection.CreateCommand();
        SqliteEventQueries.Prepare(command, query, StoredRows.EventColumns);
        var result = new List<StoredEvent>(query.Limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(StoredRows.ReadEvent(reader));
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

    public async ValueTask DisposeAsync()
    {
        if (writer is not null)
            await writer.DisposeAsync();
        writerLock.Dispose();
    }
}
