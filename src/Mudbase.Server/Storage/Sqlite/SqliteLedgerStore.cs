using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Mudbase.Server.Storage.Details;
using Mudbase.Server.Storage.Postings;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed class SqliteLedgerStore(SqliteDatabase database) : ILedgerStore
{
    public Task<CheckpointRecord?> LatestCheckpointAsync(string orgId, CancellationToken cancellationToken) =>
        ReadCheckpointAsync(orgId, "ORDER BY tree_size DESC LIMIT 1", null, cancellationToken);

    public Task<CheckpointRecord?> CheckpointAtAsync(string orgId, long treeSize, CancellationToken cancellationToken) =>
        ReadCheckpointAsync(orgId, "AND tree_size = $size", treeSize, cancellationToken);

    public async IAsyncEnumerable<(long TreeSize, byte[] Root)> ReadCheckpointRootsAsync(
        string orgId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tree_size, root FROM checkpoints WHERE org_id = $org ORDER BY tree_size";
        command.Parameters.AddWithValue("$org", orgId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return (reader.GetInt64(0), (byte[])reader.GetValue(1));
    }

    public async Task<IReadOnlyList<(long Index, byte[] Hashes)>> ReadTilesAsync(
        string orgId, int level, long from, long to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, hashes FROM tree_tiles WHERE org_id = $org AND level = $level AND idx BETWEEN $from AND $to ORDER BY idx";
        command.Parameters.AddWithValue("$org", orgId);
        command.Parameters.AddWithValue("$level", level);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        var result = new List<(long, byte[])>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
        return result;
    }

    public async Task<(long First, long Last)?> SequenceRangeAsync(
        string orgId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT MIN(seq), MAX(seq) FROM events
            WHERE org_id = $org AND recorded_at >= $from AND recorded_at < $to
            """;
        command.Parameters.AddWithValue("$org", orgId);
        command.Parameters.AddWithValue("$from", from?.ToUnixTimeMilliseconds() ?? long.MinValue);
        command.Parameters.AddWithValue("$to", to?.ToUnixTimeMilliseconds() ?? long.MaxValue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0) ? null : (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<IReadOnlyList<string>> LogOrgIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT org_id FROM checkpoints UNION SELECT org_id FROM log_heads UNION SELECT DISTINCT org_id FROM events";
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(reader.GetString(0));
        return result;
    }

    public async Task<bool> EraseDetailsAsync(
        string orgId, string eventId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (EventById.Time(eventId) is not { } time)
            return false;
        using var erasing = database.Erasures.Begin();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT d.secrets, d.seq FROM {EventById.SqliteEvents} JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
            WHERE {EventById.SqliteCondition}
            """;
        select.Parameters.AddWithValue("$id", eventId);
        select.Parameters.AddWithValue("$org", orgId);
        select.Parameters.AddWithValue("$at", time);
        byte[] secrets;
        long sequence;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return false;
            secrets = (byte[])reader.GetValue(0);
            sequence = reader.GetInt64(1);
        }

        await PostingErasure.RemoveAsync(new SqlitePostingRows(connection, orgId), sequence, keys.Contains("userId"),
            keys.Contains("ipAddress"), keys.Contains("resource"), cancellationToken);
        await using var update = SqliteCommands.Create(connection, SqliteDetailErasure.Sql, SqliteDetailErasure.Parameters(
            orgId, eventId, EventDetails.Without(secrets, keys), keys.Contains("userId"), keys.Contains("ipAddress"),
            keys.Contains("resource")));
        await update.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<CheckpointRecord?> ReadCheckpointAsync(
        string orgId, string condition, long? size, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoredRows.CheckpointColumns} FROM checkpoints WHERE org_id = $org {condition}";
        command.Parameters.AddWithValue("$org", orgId);
        if (size is not null)
            command.Parameters.AddWithValue("$size", size);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredRows.ReadCheckpoint(orgId, reader) : null;
    }
}
