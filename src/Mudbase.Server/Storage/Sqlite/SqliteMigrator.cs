using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed class SqliteMigrator(SqliteDatabase database) : IStorageMigrator
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(database.ConnectionString);
        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } directory)
            Directory.CreateDirectory(directory);

        await using var connection = await database.OpenAsync(cancellationToken);
        SqliteDetailFunctions.Register(connection);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        long current;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            current = (long)(await read.ExecuteScalarAsync(cancellationToken))!;
        }
        foreach (var (version, sql) in SqliteMigrations.All.Where(m => m.Version > current))
        {
            await using var apply = connection.CreateCommand();
            apply.CommandText = sql + $";\nINSERT INTO schema_version (version) VALUES ({version});";
            await apply.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_version";
            return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
