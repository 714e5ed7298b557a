using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Tests.Shared;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// A real Mudbase server in memory, on its own fresh data directory (keys and, on SQLite, the database file) and,
/// on PostgreSQL, its own fresh database on the test cluster.
/// </summary>
public sealed class MudbaseFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    /// <param name="postgresCluster">On PostgreSQL, the admin connection string of another cluster than the shared one.</param>
    public MudbaseFactory(
        StorageKind storage = StorageKind.Sqlite, Dictionary<string, string?>? extraSettings = null, string? dataDirectory = null,
        string? postgresCluster = null)
    {
        Storage = storage;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "mudbase-tests", Guid.NewGuid().ToString("N"));
        settings = TestServerSettings.Defaults.ToDictionary(pair => pair.Key, string? (pair) => pair.Value);
        settings["Mudbase:DataDirectory"] = DataDirectory;
        // Every test client shares one address, and a fixture may sign up dozens of accounts within a minute;
        // the limits themselves are tested with small values set explicitly.
        settings["Mudbase:RateLimits:AnonymousPerAddress"] = "100000";
        if (storage == StorageKind.Postgres)
        {
            PostgresDatabase = PostgresTestCluster.CreateDatabase(postgresCluster ?? PostgresTestCluster.AdminConnectionString);
            settings["Mudbase:Storage:Provider"] = "postgres";
            settings["ConnectionStrings:Mudbase"] = PostgresDatabase.ConnectionString;
        }
        foreach (var (key, value) in extraSettings ?? [])
            settings[key] = value;
    }

    public string DataDirectory { get; }

    public StorageKind Storage { get; }

    /// <summary>The server's own database when <see cref="Storage"/> is PostgreSQL.</summary>
    public PostgresTestDatabase? PostgresDatabase { get; }

    /// <summary>Keep the data directory on dispose, for a restart on the same files.</summary>
    public bool KeepData { get; set; }

    /// <summary>
    /// Whether the clients this factory creates validate every API response against the server's own OpenAPI document
    /// (<see cref="OwnDocumentCheck"/>). On by default.
    /// </summary>
    public bool CheckResponses { get; init; } = true;

    /// <summary>A client of the in-memory server; unless <see cref="CheckResponses"/> is off, every API response it receives is validated.</summary>
    public new HttpClient CreateClient() => CreateClient(new WebApplicationFactoryClientOptions());

    /// <inheritdoc cref="CreateClient()"/>
    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        if (!CheckResponses)
            return base.CreateClient(options);
        var handlers = new List<DelegatingHandler>();
        if (options.AllowAutoRedirect)
            handlers.Add(new RedirectHandler(options.MaxAutomaticRedirections));
        if (options.HandleCookies)
            handlers.Add(new CookieContainerHandler());
        handlers.Add(new OwnDocumentCheck());
        return CreateDefaultClient(options.BaseAddress, [.. handlers]);
    }

    /// <summary>The server's clock; move it to test expiries.</summary>
    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepData)
            return;
        if (PostgresDatabase is not null)
            await PostgresTestCluster.DropDatabaseAsync(PostgresDatabase);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
