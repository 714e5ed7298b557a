using System.CommandLine;

namespace Mudbase.Server.Operations.Admin;

/// <summary>
/// <c>Mudbase.Server admin restore --from &lt;file&gt; --data &lt;dir&gt; --public-key &lt;key&gt;… [--expect-checkpoint &lt;file&gt;…]</c>: unpacks a
/// backup into an empty data directory and verifies every log before anyone serves it.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(AdminConsole env)
    {
        var from = new Option<FileInfo>("--from") { Description = "A backup archive made by mudbase backup.", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "The data directory to restore into; it must not hold a database.", Required = true };
        var keys = new Option<string[]>("--public-key") { Description = "The ledger's verifier key(s), to verify the restored logs.", Required = true };
        var expect = new Option<FileInfo[]>("--expect-checkpoint")
        {
            Description = "A checkpoint already handed out; the restore fails if the backup is older than it.",
        };
        var command = new Command("restore", "Restore a backup into an empty data directory and verify every log.") { from, data, keys, expect };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!AdminKeys.TryParse(result.GetValue(keys) ?? [], out var verifiers, out var keyError))
            {
                await env.Error.WriteLineAsync(keyError);
                return AdminCommandLine.Failure;
            }
            var directory = result.GetValue(data)!.FullName;
            try
            {
                await SqliteBackup.RestoreAsync(result.GetValue(from)!.FullName, directory, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                await env.Error.WriteLineAsync($"restore failed: {e.Message}");
                return AdminCommandLine.Failure;
            }
            await env.Out.WriteLineAsync($"Restored into {directory}; verifying.");
            await using var database = OfflineDatabase.Open(directory, connectionString: null);
            return await DatabaseCheck.RunAsync(env, database, verifiers, result.GetValue(expect) ?? [], cancellationToken);
        });
        return command;
    }
}
