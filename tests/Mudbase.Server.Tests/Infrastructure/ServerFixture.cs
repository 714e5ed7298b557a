namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Which storage provider a test server runs on. Every storage-touching test runs on each.</summary>
public enum StorageKind
{
    Sqlite,
    Postgres,
}

/// <summary>One server and one registered owner shared by a test class.</summary>
public abstract class ServerFixture(StorageKind storage) : IAsyncLifetime
{
    public StorageKind Storage { get; } = storage;

    public MudbaseFactory Factory { get; } = new(storage);

    public TestAccount Owner { get; private set; } = null!;

    public HttpClient OwnerClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Owner = await TestAccounts.RegisterAsync(Factory.CreateClient());
        OwnerClient = Factory.Authorized(Owner.Token);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

public sealed class SqliteServer() : ServerFixture(StorageKind.Sqlite);

public sealed class PostgresServer() : ServerFixture(StorageKind.Postgres);
