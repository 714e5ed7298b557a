using Mudbase.Server.Alerts.Committed;

namespace Mudbase.Server.Alerts;

internal static class AlertsSetup
{
    public static IServiceCollection AddMudbaseAlerts(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 60, "Mudbase:Webhooks:TimeoutSeconds must be from 1 to 60")
            .Validate(o => o.LeaseSeconds > o.TimeoutSeconds + 1, "Mudbase:Webhooks:LeaseSeconds must exceed TimeoutSeconds by more than a second")
            .Validate(o => o.PollMilliseconds >= 50 && o.BackoffSeconds >= 1 && o.MaxBackoffSeconds >= o.BackoffSeconds && o.RetryHours >= 0
                && o.BatchSize >= 1 && o.Parallelism >= 1 && o.LingerMilliseconds >= 0 && o.MaxRunSeconds >= 1 && o.ResponseExcerptBytes is >= 0 and <= 65536,
                "Mudbase:Webhooks has an out-of-range setting (see README, Configuration)")
            .ValidateOnStart();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(AlertsJsonContext.Default));
        services.AddSingleton<DestinationPolicy>();
        services.AddSingleton<WebhookTransport>();
        services.AddSingleton<SyslogTransport>();
        services.AddSingleton<DeliverySender>();
        services.AddSingleton<OutboundPayloads>();
        services.AddCommittedEvents();
        services.AddSingleton<RetrySchedule>();
        services.AddSingleton<SubscriptionRunner>();
        services.AddSingleton<WebhookService>();
        services.AddHostedService<DeliveryWorker>();
        return services;
    }
}
