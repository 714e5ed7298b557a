using System.CommandLine;

namespace Mudbase.Server.Operations.Admin;

/// <summary>
/// <c>Mudbase.Server admin verify-db (--data &lt;dir&gt; | --connection-string &lt;cs&gt;) --public-key &lt;key&gt;… [--expect-checkpoint &lt;file&gt;…]</c>:
/// re-derives every organisation's log from the database and checks it against its latest signed checkpoint.
/// </summary>
internal static class VerifyDbCommand
{
    public static Command Create(AdminConsole env)
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "A SQLite data directory (holding mudbase.db)." };
        var connection = new Option<string?>("--connection-string") { Description = "A PostgreSQL connection string." };
        var keys = new Option<string[]>("--public-key")
        {
            Description = "A note verifier key the checkpoints may be signed with, or a file holding one; repeat for rotated keys.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var expect = new Option<FileInfo[]>("--expect-checkpoint")
        {
            Description = "A checkpoint already handed out (note or the checkpoint endpoint's JSON); the database must reach it.",
        };
        var command = new Command("verify-db", "Re-derive every organisation's log from a database and check it against its signed checkpoints.")
        {
            data, connection, keys, expect,
        };
        command.SetAction((result, cancellationToken) => RunAsync(env, new DatabaseLocation(result.GetValue(data), result.GetValue(connection)),
            result.GetValue(keys) ?? [], result.GetValue(expect) ?? [], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        AdminConsole env, DatabaseLocation location, string[] keyArguments, FileInfo[] expected, CancellationToken cancellationToken)
    {
        if (location.Problem is { } usage)
        {
            await env.Error.WriteLineAsync(usage);
            return AdminCommandLine.Failure;
        }
        if (!AdminKeys.TryParse(keyArguments, out var keys, out var keyError))
        {
            await env.Error.WriteLineAsync(keyError);
            return AdminCommandLine.Failure;
        }
        await using var database = OfflineDatabase.Open(location.DataDirectory, location.ConnectionString);
        return await DatabaseCheck.RunAsync(env, database, keys, expected, cancellationToken);
    }
}
