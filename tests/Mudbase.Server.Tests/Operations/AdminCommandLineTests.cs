using System.Diagnostics;

namespace Mudbase.Server.Tests.Operations;

/// <summary>The server executable's <c>admin</c> verb runs an administration command instead of serving.</summary>
public sealed class AdminCommandLineTests
{
    [Fact]
    public async Task TheServerExecutableRunsAdminVerifyDbAndExitsWithItsVerdictInsteadOfServing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "mudbase-tests", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Mudbase.Server.dll"), "admin", "verify-db", "--data", missing, "--public-key", "k"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"no such data directory: {missing}", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Mudbase ready", await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminWithoutACommandListsTheAdministrationCommands()
    {
        using var output = new StringWriter();

        var exit = await Mudbase.Server.Operations.Admin.AdminCommandLine.RunAsync(["--help"], output, output);

        Assert.Equal(0, exit);
        foreach (var command in new[] { "backup", "restore", "verify-db", "keys" })
            Assert.Contains(command, output.ToString(), StringComparison.Ordinal);
    }
}
