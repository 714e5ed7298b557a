namespace Mudbase.Server.ApiKeys;

/// <summary>The API-key feature's services; its authentication scheme is part of the sign-in set up by AddMudbaseAuth.</summary>
internal static class ApiKeysSetup
{
    public static IServiceCollection AddMudbaseApiKeys(this IServiceCollection services) =>
        services.AddSingleton<ApiKeyUsage>();
}
