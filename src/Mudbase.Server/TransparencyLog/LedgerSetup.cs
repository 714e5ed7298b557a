using Mudbase.Server.TransparencyLog.Intake;

namespace Mudbase.Server.TransparencyLog;

/// <summary>The ledger feature's services: signing, the append pipeline, replay, self-check, monitoring and evidence export.</summary>
internal static class LedgerSetup
{
    public static IServiceCollection AddMudbaseLedger(this IServiceCollection services)
    {
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section);
        services.AddSingleton<LedgerSigner>();
        services.AddSingleton<AppendPlanner>();
        services.AddSingleton<CommitSignal>();
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section)
            .Validate(o => o.IsValid, "Mudbase:Intake intervals must be positive")
            .ValidateOnStart();
        services.AddSingleton(SharedIntake.Of);
        services.AddSingleton<IntakeWaiter>();
        services.AddHostedService(provider => provider.GetRequiredService<IntakeWaiter>());
        services.AddSingleton<EventAppender>();
        services.AddHostedService(provider => provider.GetRequiredService<EventAppender>());
        services.AddSingleton<LedgerReplay>();
        services.AddSingleton<LedgerSelfCheck>();
        services.AddSingleton<LedgerMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<LedgerMonitor>());
        services.AddSingleton<EvidenceExporter>();
        return services;
    }
}
