using Microsoft.Extensions.Options;
using Mudbase.Server.Common;
using Mudbase.Server.Storage.Postgres;
using Mudbase.Server.Storage.Sqlite;

namespace Mudbase.Server.Storage;

/// <summary>
/// The storage of every feature: the configured provider's database, its migrator and one store per interface. Features
/// register their own services (AddMudbaseAuth, AddMudbaseLedger, …) and only resolve the stores registered here.
/// </summary>
internal static class StorageSetup
{
    public static IServiceCollection AddMudbaseStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Provider is StorageOptions.Sqlite or StorageOptions.Postgres,
                $"Mudbase:Storage:Provider must be '{StorageOptions.Sqlite}' or '{StorageOptions.Postgres}'")
            .Validate(o => o.SqliteCheckpointPages > 0, "Mudbase:Storage:SqliteCheckpointPages must be at least 1")
            .ValidateOnStart();

        services.AddSingleton(provider =>
        {
            var dataDirectory = provider.GetRequiredService<IOptions<MudbaseOptions>>().Value.FullDataDirectory;
            return new SqliteDatabase(configuration.GetConnectionString("Mudbase")
                ?? SqliteDatabase.DefaultConnectionString(dataDirectory),
                provider.GetRequiredService<IOptions<StorageOptions>>().Value.SqliteMaxPageCount);
        });
        services.AddSingleton(provider =>
        {
            var connectionString = configuration.GetConnectionString("Mudbase")
                ?? throw new InvalidOperationException("Mudbase:Storage:Provider is 'postgres' but ConnectionStrings:Mudbase is not set");
            var statementTimeout = provider.GetRequiredService<IOptions<StorageOptions>>().Value.StatementTimeoutSeconds;
            return new PostgresDatabase(PostgresDataSources.Create(connectionString, statementTimeout),
                PostgresDataSources.CreateDedicated(connectionString, statementTimeout));
        });
        services.AddStore<IStorageMigrator, SqliteMigrator, PostgresMigrator>();
        services.AddStore<IIdentityStore, SqliteIdentityStore, PostgresIdentityStore>();
        services.AddStore<IRequestAccessStore, SqliteRequestAccessStore, PostgresRequestAccessStore>();
        services.AddStore<IEventStore, SqliteEventStore, PostgresEventStore>();
        services.AddStore<IAppendStore, SqliteAppendStore, PostgresAppendStore>();
        services.AddSingleton(IntakeNode.New());
        services.AddSingleton<IAppendIntake, PostgresAppendIntake>();
        services.AddStore<ILedgerStore, SqliteLedgerStore, PostgresLedgerStore>();
        services.AddStore<IAccessStore, SqliteAccessStore, PostgresAccessStore>();
        services.AddStore<IWriteProbe, SqliteWriteProbe, PostgresWriteProbe>();
        services.AddStore<IIdempotencyStore, SqliteIdempotencyStore, PostgresIdempotencyStore>();
        services.AddSingleton(provider => (IOrgStore)provider.GetRequiredService<IAccessStore>());
        services.AddSingleton(provider => (IApiKeyAdminStore)provider.GetRequiredService<IAccessStore>());
        services.AddStore<IStrongAuthStore, SqliteStrongAuthStore, PostgresStrongAuthStore>();
        services.AddStore<IOrgPolicyStore, SqliteOrgPolicyStore, PostgresOrgPolicyStore>();
        services.AddStore<IWebhookStore, SqliteWebhookStore, PostgresWebhookStore>();
        services.AddStore<IPrivacyStore, SqlitePrivacyStore, PostgresPrivacyStore>();
        return services;
    }

    // Both providers are registered and the configured one is picked when first resolved, so the choice follows
    // configuration from every source, including what a host adds after this method ran.
    internal static void AddStore<TStore, TSqlite, TPostgres>(this IServiceCollection services)
        where TStore : class
        where TSqlite : class, TStore
        where TPostgres : class, TStore
    {
        services.AddSingleton<TSqlite>();
        services.AddSingleton<TPostgres>();
        services.AddSingleton<TStore>(provider =>
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageOptions.Postgres
                ? provider.GetRequiredService<TPostgres>()
                : provider.GetRequiredService<TSqlite>());
    }
}
