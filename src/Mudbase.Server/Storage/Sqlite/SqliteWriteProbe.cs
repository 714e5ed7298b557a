using Microsoft.Data.Sqlite;
using Mudbase.Server.Common;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed class SqliteWriteProbe(SqliteDatabase database, TimeProvider time) : IWriteProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        var id = Ids.New("probe");
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO write_probes (id, payload, written_at) VALUES ($id, $payload, $at)";
                insert.Parameters.AddWithValue("$id", id);
                insert.Parameters.AddWithValue("$payload", WriteProbePayload.Create());
                insert.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM write_probes WHERE id = $id";
            delete.Parameters.AddWithValue("$id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            return $"the database refuses writes: {e.Message}";
        }
    }
}
