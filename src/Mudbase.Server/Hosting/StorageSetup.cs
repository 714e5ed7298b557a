using Microsoft.Extensions.Options;
using Mudbase.Server.Ledger;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Sqlite;

namespace Mudbase.Server.Hosting;

internal static class StorageSetup
{
    public static IServiceCollection AddMudbaseStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Provider is "sqlite", "Mudbase:Storage:Provider must be 'sqlite'")
            .ValidateOnStart();

        services.AddSingleton(provider =>
        {
            var dataDirectory = provider.GetRequiredService<IOptions<MudbaseOptions>>().Value.FullDataDirectory;
            return new SqliteDatabase(configuration.GetConnectionString("Mudbase")
                ?? SqliteDatabase.DefaultConnectionString(dataDirectory));
        });
        services.AddSingleton<IStorageMigrator, SqliteMigrator>();
        services.AddSingleton<IIdentityStore, SqliteIdentityStore>();
        services.AddSingleton<IEventStore, SqliteEventStore>();
        services.AddSingleton<ILedgerStore, SqliteLedgerStore>();
        services.AddSingleton<IAccessStore, SqliteAccessStore>();
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section);
        services.AddSingleton<LedgerSigner>();
        services.AddSingleton<AppendPlanner>();

        services.AddSingleton<EventAppender>();
        services.AddHostedService(provider => provider.GetRequiredService<EventAppender>());
        services.AddHostedService<StartupTasks>();
        services.AddSingleton<LedgerSelfCheck>();
        services.AddSingleton<LedgerMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<LedgerMonitor>());
        return services;
    }
}
