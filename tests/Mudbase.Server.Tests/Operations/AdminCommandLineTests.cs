using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Operations;

/// <summary>The server executable's <c>admin</c> verb runs an administration command instead of serving.</summary>
public sealed class AdminCommandLineTests
{
    [Fact]
    public async Task TheServerExecutableRunsAdminVerifyDbAndExitsWithItsVerdictInsteadOfServing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "mudbase-tests", Guid.NewGuid().ToString("N"));
        var (exitCode, stdout, stderr) = await ServerExecutable.RunToEndAsync(["admin", "verify-db", "--data", missing, "--public-key", "k"]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"no such data directory: {missing}", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Mudbase ready", stdout, StringComparison.Ordinal);
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
