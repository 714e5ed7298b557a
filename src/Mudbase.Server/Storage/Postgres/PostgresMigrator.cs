using Npgsql;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Applies <see cref="PostgresMigrations"/> at start. Nodes starting together queue on a transaction-scoped
/// advisory lock, so exactly one applies each version and the others find it done.
/// </summary>
internal sealed class PostgresMigrator(PostgresDatabase database) : IStorageMigrator
{
    // Any constant shared by every Mudbase node; "mudbase" in ASCII.
    private const long MigrationLock = 0x6d75_6462_6173_65;

    public Task MigrateAsync(CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", token);
            await ExecuteAsync(connection, transaction,
                "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                token);
            await using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction);
            var current = (int)(await read.ExecuteScalarAsync(token))!;
            foreach (var (version, sql) in PostgresMigrations.All.Where(m => m.Version > current))
            {
                await ExecuteAsync(connection, transaction, sql + $";\nINSERT INTO schema_version (version) VALUES ({version});", token);
                if (version == PostgresDetailConversion.Version)
                    await PostgresDetailConversion.RunAsync(connection, transaction, token);
            }
            return true;
        }, cancellationToken);

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await database.RunAsync(async (connection, token) =>
            {
                await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM schema_version", connection);
                return (long)(await command.ExecuteScalarAsync(token))! > 0;
            }, cancellationToken);
        }
        catch (Exception e) when (e is StorageUnavailableException or PostgresException)
        {
            return false;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
