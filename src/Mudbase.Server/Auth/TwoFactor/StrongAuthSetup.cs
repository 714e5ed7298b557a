namespace Mudbase.Server.Auth.TwoFactor;

internal static class StrongAuthSetup
{
    public static IServiceCollection AddStrongAuth(this IServiceCollection services)
    {
        services.AddSingleton<SecondFactor>();
        services.AddSingleton<StrongAuthEvents>();
        services.AddSingleton<StepUpVerifier>();
        services.AddSingleton<MfaPolicy>();
        services.AddSingleton<TwoFactorService>();
        services.AddSingleton<LoginFlow>();
        services.AddSingleton<UserAccountService>();
        services.AddSingleton<TwoFactorCoverageReader>();
        return services;
    }

    public static IEndpointRouteBuilder MapStrongAuthApis(this IEndpointRouteBuilder routes)
    {
        routes.MapTwoFactorApi();
        routes.MapUserAccountApi();
        routes.MapMfaPolicyApi();
        return routes;
    }
}
