namespace Mudbase.Cli.Tests;

/// <summary>One in-process invocation of the tool and what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> InvokeAsync(HttpMessageHandler? http, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, IsTerminal: false, HttpHandler: http);
        var exit = await MudbaseCli.RunAsync(args, output, error, environment);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    public static Task<CliRun> InvokeAsync(params string[] args) => InvokeAsync(null, args);

    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- err\n{Error}";
}
