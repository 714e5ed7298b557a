using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>Opens connections to the embedded database with the durability settings the ledger needs.</summary>
internal sealed class SqliteDatabase(string connectionString, long maxPageCount = 0)
{
    // Physical connections already configured. The pool hands the same native handle out again and again, and the
    // settings below belong to the handle, so they are applied once per handle rather than on every pooled open.
    private readonly ConditionalWeakTable<sqlite3, object> configured = [];

    public string ConnectionString { get; } = connectionString;

    /// <summary>The detail erasures of this file, for the event indexer's runs planned outside the write lock.</summary>
    public ErasureClock Erasures { get; } = new();

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (connection.Handle is { } handle && configured.TryGetValue(handle, out _))
            return connection;
        // WAL lets readers run beside the single writer; FULL fsyncs the WAL on every commit so an
        // acknowledged event survives power loss, not just a process crash. secure_delete zeroes freed cells and
        // pages on every connection, so a value erased under GDPR leaves no copy behind in the file (docs/GDPR.md).
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
            + (maxPageCount > 0 ? $" PRAGMA max_page_count={maxPageCount};" : "");
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        if (connection.Handle is { } configuredHandle)
            configured.AddOrUpdate(configuredHandle, configured);
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
