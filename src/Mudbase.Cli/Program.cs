namespace Mudbase.Cli;

/// <summary>Entry point. Named, not top-level, so that no global <c>Program</c> clashes with the server's in tests that load both.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) =>
        MudbaseCli.RunAsync(args, Console.Out, Console.Error, CliEnvironment.FromConsole());
}
