using Mudbase.Server.Auth;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Hosting;

/// <summary>Runs before the server accepts requests: schema migrations and key material.</summary>
internal sealed class StartupTasks(IStorageMigrator migrator, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        AuthSetup.EnsureSigningKey(services);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
