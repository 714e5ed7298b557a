namespace Mudbase.Cli;

/// <summary>What a command may use beyond its arguments: where to write and how to reach the network.</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="IsTerminal">True when a person watches standard output, so live progress can be drawn.</param>
/// <param name="HttpHandler">The HTTP stack for fetching proofs; null for the default one.</param>
internal sealed record CliEnvironment(TextWriter Out, TextWriter Error, bool IsTerminal, HttpMessageHandler? HttpHandler)
{
    public static CliEnvironment FromConsole() =>
        new(Console.Out, Console.Error, IsTerminal: !Console.IsOutputRedirected, HttpHandler: null);
}
