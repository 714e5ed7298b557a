using Mudbase.Server.Common;
using Npgsql;

namespace Mudbase.Server.Storage.Postgres;

internal sealed class PostgresWriteProbe(PostgresDatabase database, TimeProvider time) : IWriteProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        var id = Ids.New("probe");
        try
        {
            await database.RunAsync(async (connection, token) =>
            {
                await using (var insert = new NpgsqlCommand("INSERT INTO write_probes (id, payload, written_at) VALUES ($1, $2, $3)", connection))
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = id });
                    insert.Parameters.Add(new NpgsqlParameter { Value = WriteProbePayload.Create() });
                    insert.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow().ToUnixTimeMilliseconds() });
                    await insert.ExecuteNonQueryAsync(token);
                }
                await using var delete = new NpgsqlCommand("DELETE FROM write_probes WHERE id = $1", connection);
                delete.Parameters.Add(new NpgsqlParameter { Value = id });
                await delete.ExecuteNonQueryAsync(token);
            }, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is StorageUnavailableException or PostgresException)
        {
            return $"the database refuses writes: {e.Message}";
        }
    }
}
