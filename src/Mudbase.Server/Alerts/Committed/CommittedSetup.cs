namespace Mudbase.Server.Alerts.Committed;

internal static class CommittedSetup
{
    public static IServiceCollection AddCommittedEvents(this IServiceCollection services)
    {
        services.AddOptions<CommittedOptions>().BindConfiguration(CommittedOptions.Section)
            .Validate(o => o.PerOrganisation >= 1 && o.Total >= o.PerOrganisation && o.MaxAgeMilliseconds >= 0,
                "Mudbase:CommittedEvents settings must be positive, with Total at least PerOrganisation")
            .ValidateOnStart();
        services.AddSingleton<CommittedEvents>();
        return services;
    }
}
