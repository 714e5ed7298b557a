using System.Diagnostics;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster of a test class's own, which the test may stop, start, freeze and thaw without
/// disturbing the shared cluster every other test runs on. Started with the script ./test.sh uses.
/// </summary>
public sealed class PrivatePostgresCluster : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "mudbase-pg-" + Guid.NewGuid().ToString("N")[..12]);

    public string AdminConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => AdminConnectionString = (await RunAsync("start")).Trim();

    public Task StartAsync() => RunAsync("start");

    public Task StopAsync() => RunAsync("stop");

    /// <summary>Every server process killed: what the database had not flushed is gone, and the next start recovers.</summary>
    public Task CrashAsync() => RunAsync("crash");

    /// <summary>SIGSTOP to every server process: connections stay open and nothing answers, like a hung database.</summary>
    public Task FreezeAsync() => RunAsync("freeze");

    public Task ThawAsync() => RunAsync("thaw");

    public async Task DisposeAsync()
    {
        await RunAsync("thaw");
        await RunAsync("stop");
        Directory.Delete(directory, recursive: true);
    }

    private async Task<string> RunAsync(string command)
    {
        var script = Environment.GetEnvironmentVariable(PostgresTestCluster.ScriptVariable) is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException($"{PostgresTestCluster.ScriptVariable} is not set: run ./test.sh");
        using var process = Process.Start(new ProcessStartInfo(script, [command, directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"throwaway-postgres.sh {command} failed: {await error}");
        return await output;
    }
}
