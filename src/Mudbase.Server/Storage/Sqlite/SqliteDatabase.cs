using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>Opens connections to the embedded database with the durability settings the ledger needs.</summary>
internal sealed class SqliteDatabase(string connectionString, long maxPageCount = 0)
{
    public string ConnectionString { get; } = connectionString;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // WAL lets readers run beside the single writer; FULL fsyncs the WAL on every commit so an
        // acknowledged event survives power loss, not just a process crash. secure_delete zeroes freed cells and
        // pages on every connection, so a value erased under GDPR leaves no copy behind in the file (docs/GDPR.md).
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
            + (maxPageCount > 0 ? $" PRAGMA max_page_count={maxPageCount};" : "");
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public static string DefaultConnectionString(string dataDirectory) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "mudbase.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
}
