using Mudbase.Server.Hosting;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Postgres;
using Mudbase.Server.Storage.Sqlite;

namespace Mudbase.Server.Alerts.Rules;

internal static class RulesSetup
{
    public static IServiceCollection AddDetectionRules(this IServiceCollection services)
    {
        services.AddOptions<RulesOptions>().BindConfiguration(RulesOptions.Section)
            .Validate(o => o.PollMilliseconds > 0 && o.LeaseSeconds > 0 && o.BatchSize > 0 && o.MinIntervalMilliseconds >= 0,
                "Mudbase:Rules settings must be positive")
            .ValidateOnStart();
        services.AddStore<IRuleStore, SqliteRuleStore, PostgresRuleStore>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(RulesJsonContext.Default));
        services.AddSingleton<RuleCatalog>();
        services.AddSingleton<DetectionRecorder>();
        services.AddSingleton<RuleEvaluator>();
        services.AddHostedService(provider => provider.GetRequiredService<RuleEvaluator>());
        return services;
    }
}
