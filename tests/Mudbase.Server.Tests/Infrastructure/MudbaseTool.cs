using Mudbase.Cli;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Runs the <c>mudbase</c> command line in this process, capturing what it prints.</summary>
public static class MudbaseTool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await MudbaseCli.RunAsync(args, output, output);
        return (exit, output.ToString());
    }
}
