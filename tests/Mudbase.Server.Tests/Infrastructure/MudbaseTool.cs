using Mudbase.Server.Operations.Admin;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Runs the server's <c>admin</c> command line in this process, capturing what it prints.</summary>
public static class MudbaseTool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await AdminCommandLine.RunAsync(args, output, output);
        return (exit, output.ToString());
    }
}
