using Mudbase.Server.Storage.Details;
using Mudbase.Server.Storage.Postings;
using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed class PostgresLedgerStore(PostgresDatabase database) : ILedgerStore
{
    private const string SelectCheckpoint = "SELECT " + StoredRows.CheckpointColumns + " FROM checkpoints WHERE org_id = $1";

    public Task<CheckpointRecord?> LatestCheckpointAsync(string orgId, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection,
            SelectCheckpoint + " ORDER BY tree_size DESC LIMIT 1", reader => StoredRows.ReadCheckpoint(orgId, reader), token, orgId),
            cancellationToken);

    public Task<CheckpointRecord?> CheckpointAtAsync(string orgId, long treeSize, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection,
            SelectCheckpoint + " AND tree_size = $2", reader => StoredRows.ReadCheckpoint(orgId, reader), token, orgId, treeSize),
            cancellationToken);

    public IAsyncEnumerable<(long TreeSize, byte[] Root)> ReadCheckpointRootsAsync(string orgId, CancellationToken cancellationToken) =>
        PostgresPaging.StreamAsync(0, (from, token) => database.RunAsync((connection, cancel) => ListAsync(connection,
                $"SELECT tree_size, root FROM checkpoints WHERE org_id = $1 AND tree_size >= $2 ORDER BY tree_size LIMIT {PostgresPaging.PageSize}",
                reader => (reader.GetInt64(0), (byte[])reader.GetValue(1)), cancel, orgId, from), token),
            row => row.Item1, cancellationToken);

    public async Task<IReadOnlyList<(long Index, byte[] Hashes)>> ReadTilesAsync(
        string orgId, int level, long from, long to, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection,
            "SELECT idx, hashes FROM tree_tiles WHERE org_id = $1 AND level = $2 AND idx BETWEEN $3 AND $4 ORDER BY idx",
            reader => (reader.GetInt64(0), (byte[])reader.GetValue(1)), token, orgId, level, from, to), cancellationToken);

    public Task<(long First, long Last)?> SequenceRangeAsync(
        string orgId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, token) =>
        {
            await using var command = Create(connection,
                "SELECT MIN(seq), MAX(seq) FROM events WHERE org_id = $1 AND recorded_at >= $2 AND recorded_at < $3",
                orgId, from?.ToUnixTimeMilliseconds() ?? long.MinValue, to?.ToUnixTimeMilliseconds() ?? long.MaxValue);
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return reader.IsDBNull(0) ? ((long, long)?)null : (reader.GetInt64(0), reader.GetInt64(1));
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> LogOrgIdsAsync(CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection,
            "SELECT org_id FROM checkpoints UNION SELECT org_id FROM log_heads UNION SELECT org_id FROM events",
            reader => reader.GetString(0), token), cancellationToken);

    public async Task<bool> EraseDetailsAsync(string orgId, string eventId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        EventById.Time(eventId) is { } time && await database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await ExecuteAsync(connection, transaction, PostgresDetailErasure.LockIndex, token, orgId);
            await using var select = Create(connection, transaction, $"""
                SELECT d.secrets, d.seq FROM events e JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
                WHERE {EventById.PostgresCondition(org: 2, at: 3, id: 1)} FOR UPDATE OF d
                """, eventId, orgId, time);
            byte[] secrets;
            long sequence;
            await using (var reader = await select.ExecuteReaderAsync(token))
            {
                if (!await reader.ReadAsync(token))
                    return false;
                secrets = (byte[])reader.GetValue(0);
                sequence = reader.GetInt64(1);
            }
            await PostingErasure.RemoveAsync(new PostgresPostingRows(connection, transaction, orgId), sequence,
                keys.Contains("userId"), keys.Contains("ipAddress"), keys.Contains("resource"), token);
            await ExecuteAsync(connection, transaction, PostgresDetailErasure.Sql, token, EventDetails.Without(secrets, keys),
                keys.Contains("userId"), keys.Contains("ipAddress"), keys.Contains("resource"), eventId, orgId, time);
            return true;
        }, cancellationToken);
}
