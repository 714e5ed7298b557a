namespace Mudbase.Server.Alerts.LiveStream;

internal static class StreamSetup
{
    public static IServiceCollection AddSecurityEventStream(this IServiceCollection services)
    {
        services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.Section)
            .Validate(o => o.ClientBuffer > 0 && o.HeartbeatSeconds > 0 && o.PollMilliseconds > 0 && o.ReplayPageSize > 0,
                "Mudbase:Stream settings must be positive")
            .ValidateOnStart();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<SecurityEventStreamer>();
        return services;
    }
}
