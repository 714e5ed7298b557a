using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed class SqliteIdempotencyStore(SqliteDatabase database) : IIdempotencyStore
{
    public async Task<IdempotencyRecord?> FindAsync(IdempotencyScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {IdempotencyRows.RecordColumns} FROM idempotency_keys
                WHERE org_id = $org AND principal = $principal AND idem_key = $key AND expires_at > $now
                """;
            command.Parameters.AddWithValue("$org", scope.OrgId);
            command.Parameters.AddWithValue("$principal", scope.Principal);
            command.Parameters.AddWithValue("$key", scope.Key);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? IdempotencyRows.Read(reader, 0) : null;
        }
        catch (SqliteException e)
        {
            throw new StorageUnavailableException("Idempotency keys could not be read", e);
        }
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The expiry index finds the oldest rows; a bounded delete keeps each write transaction short.
        command.CommandText = """
            DELETE FROM idempotency_keys WHERE (org_id, principal, idem_key) IN
                (SELECT org_id, principal, idem_key FROM idempotency_keys WHERE expires_at <= $now ORDER BY expires_at LIMIT $limit)
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
