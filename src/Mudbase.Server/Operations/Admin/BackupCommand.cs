using System.CommandLine;

namespace Mudbase.Server.Operations.Admin;

/// <summary><c>Mudbase.Server admin backup --data &lt;dir&gt; --out &lt;file&gt;</c>: an online, consistent backup of an embedded server.</summary>
internal static class BackupCommand
{
    public static Command Create(AdminConsole env)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The server's SQLite data directory; the server may keep running.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The backup archive to create (database snapshot and key files).", Required = true };
        var command = new Command("backup", "Back up a SQLite data directory while the server runs: one consistent snapshot plus its keys.")
        {
            data, output,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(output)!;
            if (target.Exists)
            {
                await env.Error.WriteLineAsync($"{target.FullName} already exists");
                return AdminCommandLine.Failure;
            }
            try
            {
                await SqliteBackup.CreateAsync(result.GetValue(data)!.FullName, target.FullName, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                await env.Error.WriteLineAsync($"backup failed: {e.Message}");
                return AdminCommandLine.Failure;
            }
            await env.Out.WriteLineAsync($"Backed up to {target.FullName} ({new FileInfo(target.FullName).Length} bytes). It holds the signing keys: keep it private.");
            return AdminCommandLine.Success;
        });
        return command;
    }
}
