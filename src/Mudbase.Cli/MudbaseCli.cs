using System.CommandLine;
using Mudbase.Cli.Commands;

namespace Mudbase.Cli;

/// <summary>The <c>mudbase</c> command line.</summary>
internal static class MudbaseCli
{
    /// <summary>Exit code when everything that was checked holds.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a failed check, unusable input or a usage error.</summary>
    public const int Failure = 1;

    /// <summary>Runs one invocation of the tool.</summary>
    /// <param name="args">The arguments after the command name.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="environment">Terminal and network settings; output and error replace its writers.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>The process exit code.</returns>
    public static Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, CliEnvironment? environment = null, CancellationToken cancellationToken = default)
    {
        var env = (environment ?? new CliEnvironment(output, error, IsTerminal: false, HttpHandler: null)) with { Out = output, Error = error };
        var root = new RootCommand("Mudbase: verify a security-event ledger offline, without trusting the server.")
        {
            VerifyCommand.Create(env),
            VerifyConsistencyCommand.Create(env),
        };
        foreach (var version in root.Options.OfType<VersionOption>())
            version.Action = new ProductVersionAction();
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
