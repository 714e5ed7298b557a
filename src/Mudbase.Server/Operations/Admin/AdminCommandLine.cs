using System.CommandLine;

namespace Mudbase.Server.Operations.Admin;

/// <summary>
/// <c>Mudbase.Server admin …</c>: the operator's commands that open the server's own storage and key files directly —
/// backup, restore, verify-db and key rotation. They live in the server executable because they are the server's
/// storage code run offline; the <c>mudbase</c> tool only talks to a server through the client and verifies offline.
/// </summary>
internal static class AdminCommandLine
{
    /// <summary>The first argument that selects the administration commands instead of serving.</summary>
    public const string Verb = "admin";

    /// <summary>Exit code when everything that was checked holds.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a failed check, unusable input or a usage error.</summary>
    public const int Failure = 1;

    /// <summary>True when the process was started as <c>Mudbase.Server admin …</c>.</summary>
    public static bool IsAdmin(string[] args) => args.Length > 0 && string.Equals(args[0], Verb, StringComparison.Ordinal);

    /// <summary>Runs one administration command.</summary>
    /// <param name="args">The arguments after <c>admin</c>.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>The process exit code.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var console = new AdminConsole(output, error);
        var root = new RootCommand("Mudbase server administration: back up, restore and verify a database; rotate the ledger key.")
        {
            BackupCommand.Create(console),
            RestoreCommand.Create(console),
            VerifyDbCommand.Create(console),
            KeysCommand.Create(console),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
