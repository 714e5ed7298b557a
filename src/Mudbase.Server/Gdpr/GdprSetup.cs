
namespace Mudbase.Server.Gdpr;

internal static class GdprSetup
{
    public static IServiceCollection AddMudbaseGdpr(this IServiceCollection services)
    {
        services.AddOptions<GdprOptions>().BindConfiguration(GdprOptions.Section)
            .Validate(o => o.RetentionInterval > TimeSpan.Zero && o.RetentionBatchSize > 0 && o.ExportLimit > 0,
                "Mudbase:Gdpr: RetentionInterval, RetentionBatchSize and ExportLimit must be positive")
            .ValidateOnStart();
        services.AddSingleton<PrivacyEvents>();
        services.AddSingleton<ErasureService>();
        services.AddSingleton<SubjectEvents>();
        services.AddSingleton<LegalHoldService>();
        services.AddSingleton<AccountPrivacyService>();
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionJob>());
        return services;
    }

    public static WebApplication MapGdprApi(this WebApplication app)
    {
        app.MapAccountPrivacyApi();
        app.MapSubjectApi();
        app.MapLegalHoldApi();
        app.MapRetentionApi();
        return app;
    }
}
