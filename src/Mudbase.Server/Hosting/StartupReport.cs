using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Mudbase.Server.Auth;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Once the server listens, one line says what a newcomer needs: the data directory, whether the signing keys were
/// generated now, loaded from it or configured, the storage provider, and where the API reference is.
/// </summary>
internal sealed partial class StartupReport(
    StartupReportSetup.KeySources keys,
    IOptions<MudbaseOptions> mudbase,
    IOptions<StorageOptions> storage,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var docs = addresses.Count == 0 ? "/docs" : string.Join(", ", addresses.Select(a => a.TrimEnd('/') + "/docs"));
            LogReady(logger, mudbase.Value.FullDataDirectory, storage.Value.Provider, keys.Jwt, keys.Ledger, docs);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Mudbase ready. Data directory: {DataDirectory}; storage: {Provider}; token signing key {JwtKey}, ledger signing key {LedgerKey}; API reference: {Docs}")]
    private static partial void LogReady(ILogger logger, string dataDirectory, string provider, string jwtKey, string ledgerKey, string docs);
}

internal static class StartupReportSetup
{
    /// <summary>Whether each key is configured, or found in the data directory before the server touched it.</summary>
    internal sealed record KeySources(string Jwt, string Ledger);

    /// <summary>Looks at the key files while the application is being built, before anything can generate them.</summary>
    public static void AddMudbaseStartupReport(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var directory = Path.GetFullPath(configuration[$"{MudbaseOptions.Section}:DataDirectory"] ?? new MudbaseOptions().DataDirectory);
        builder.Services.AddSingleton(new KeySources(
            KeySource(configuration[$"{JwtOptions.Section}:SigningKey"], directory, "jwt-signing.key"),
            KeySource(configuration[$"{LedgerOptions.Section}:SigningKey"], directory, "ledger-signing.key")));
        builder.Services.AddHostedService<StartupReport>();
    }

    private static string KeySource(string? configured, string directory, string fileName) =>
        configured is not null ? "configured" : File.Exists(Path.Combine(directory, fileName)) ? "loaded" : "generated";
}
