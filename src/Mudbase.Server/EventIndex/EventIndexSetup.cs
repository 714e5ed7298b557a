using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Postgres;
using Mudbase.Server.Storage.Sqlite;

namespace Mudbase.Server.EventIndex;

internal static class EventIndexSetup
{
    public static IServiceCollection AddEventIndex(this IServiceCollection services)
    {
        services.AddOptions<EventIndexOptions>().BindConfiguration(EventIndexOptions.Section)
            .Validate(o => o.RunEvents > 0 && o.MaxRunEvents >= o.RunEvents && o.MaxDelayMilliseconds >= 0 && o.PollMilliseconds > 0,
                "Mudbase:EventIndex settings must be positive, and MaxRunEvents at least RunEvents")
            .ValidateOnStart();
        services.AddStore<IEventIndexStore, SqliteEventIndexStore, PostgresEventIndexStore>();
        services.AddSingleton<EventIndexer>();
        services.AddHostedService(provider => provider.GetRequiredService<EventIndexer>());
        return services;
    }
}
