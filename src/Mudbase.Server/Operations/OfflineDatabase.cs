using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Operations;

/// <summary>
/// The server's storage opened by an operator's tool rather than by a running server: no migrations, no background
/// work, and a throwaway signing key so that nothing is written into the data directory. It only reads.
/// </summary>
internal sealed class OfflineDatabase : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private OfflineDatabase(ServiceProvider services) => this.services = services;

    /// <param name="dataDirectory">A SQLite data directory (with <c>mudbase.db</c>), or null.</param>
    /// <param name="connectionString">A PostgreSQL connection string, or null.</param>
    public static OfflineDatabase Open(string? dataDirectory, string? connectionString)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mudbase:DataDirectory"] = dataDirectory ?? Path.GetTempPath(),
            ["Mudbase:Ledger:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Mudbase:Storage:Provider"] = connectionString is null ? StorageOptions.Sqlite : StorageOptions.Postgres,
            ["ConnectionStrings:Mudbase"] = connectionString,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<MudbaseOptions>().BindConfiguration(MudbaseOptions.Section);
        services.AddMudbaseStorage(configuration);
        services.AddMudbaseLedger();
        return new OfflineDatabase(services.BuildServiceProvider());
    }

    public ILedgerStore Ledger => services.GetRequiredService<ILedgerStore>();

    public LedgerReplay Replay => services.GetRequiredService<LedgerReplay>();

    public string DataDirectory => services.GetRequiredService<IOptions<MudbaseOptions>>().Value.FullDataDirectory;

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
