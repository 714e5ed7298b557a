namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// Where real server processes keep their data: a fresh data directory and, on PostgreSQL, a fresh database.
/// Servers started from it share both, like nodes of one deployment; disposing removes both.
/// </summary>
public sealed class ProcessStorage : IAsyncDisposable
{
    private ProcessStorage(StorageKind storage, PostgresTestDatabase? database)
    {
        Storage = storage;
        Database = database;
    }

    public StorageKind Storage { get; }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mudbase-tests", Guid.NewGuid().ToString("N"));

    public PostgresTestDatabase? Database { get; }

    public static ProcessStorage Create(StorageKind storage) =>
        new(storage, storage == StorageKind.Postgres ? PostgresTestCluster.CreateDatabase() : null);

    /// <summary>A fresh database on a cluster of the test's own (<see cref="PrivatePostgresCluster"/>).</summary>
    public static ProcessStorage OnCluster(PrivatePostgresCluster cluster) =>
        new(StorageKind.Postgres, PostgresTestCluster.CreateDatabase(cluster.AdminConnectionString));

    /// <summary>Starts a server on this storage; <paramref name="environment"/> adds to or overrides its settings.</summary>
    public Task<ServerProcess> StartServerAsync(IDictionary<string, string>? environment = null, string? dataDirectory = null)
    {
        var settings = Database is null ? [] : PostgresTestCluster.ProcessEnvironment(Database);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            settings[key] = value;
        return ServerProcess.StartAsync(dataDirectory ?? DataDirectory, settings);
    }

    public async ValueTask DisposeAsync()
    {
        if (Database is not null)
            await PostgresTestCluster.DropDatabaseAsync(Database);
        if (Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }
}
