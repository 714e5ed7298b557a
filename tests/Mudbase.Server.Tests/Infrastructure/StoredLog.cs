using Npgsql;

namespace Mudbase.Server.Tests.Infrastructure;

public sealed record StoredLeaf(long Sequence, string Id, byte[] LeafHash);

public sealed record StoredCheckpoint(long TreeSize, byte[] Root, string Note);

/// <summary>An organisation's log read straight from a PostgreSQL test database, bypassing every server.</summary>
public static class StoredLog
{
    public static Task<List<StoredLeaf>> LeavesAsync(PostgresTestDatabase database, string orgId) =>
        ReadAsync(database, "SELECT seq, id, leaf_hash FROM events WHERE org_id = @org ORDER BY seq", orgId,
            reader => new StoredLeaf(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2)));

    public static Task<List<StoredCheckpoint>> CheckpointsAsync(PostgresTestDatabase database, string orgId) =>
        ReadAsync(database, "SELECT tree_size, root, note FROM checkpoints WHERE org_id = @org ORDER BY tree_size", orgId,
            reader => new StoredCheckpoint(reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetString(2)));

    private static async Task<List<T>> ReadAsync<T>(PostgresTestDatabase database, string sql, string orgId, Func<NpgsqlDataReader, T> map)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("org", orgId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(map(reader));
        return rows;
    }
}
