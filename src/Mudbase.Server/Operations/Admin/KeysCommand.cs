using System.CommandLine;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Operations.Admin;

/// <summary>
/// <c>Mudbase.Server admin keys rotate|finish --data &lt;dir&gt;</c>: rotates the ledger key a data directory holds. <c>rotate</c> makes a
/// new active key and keeps the old one co-signing every checkpoint (the grace period, while verifiers re-pin);
/// <c>finish</c> retires the old key, which is then only published. Restart the server after each step.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(AdminConsole env)
    {
        var command = new Command("keys", "Rotate the ledger signing key of a data directory.");
        command.Subcommands.Add(Step(env, "rotate", "Make a new active ledger key; the current one keeps co-signing until `keys finish`.",
            (directory, now) =>
            {
                LedgerKeyFiles.Rotate(directory, now);
                return "A new ledger key is active and the previous one co-signs. Restart the server, publish the new key "
                    + "(GET /api/compliance/ledger/public-key) and run `mudbase keys finish` once verifiers have pinned it.";
            }));
        command.Subcommands.Add(Step(env, "finish", "End the grace period: the previous key stops signing and is published as retired.",
            (directory, now) => LedgerKeyFiles.FinishGrace(directory, now)
                ? "The previous ledger key is retired: it no longer signs, and checkpoints it signed stay verifiable. Restart the server."
                : "No rotation in progress: nothing to finish."));
        return command;
    }

    private static Command Step(AdminConsole env, string name, string description, Func<string, DateTimeOffset, string> run)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The server's data directory.", Required = true };
        var step = new Command(name, description) { data };
        step.SetAction(async (result, _) =>
        {
            try
            {
                await env.Out.WriteLineAsync(run(result.GetValue(data)!.FullName, DateTimeOffset.UtcNow));
                return AdminCommandLine.Success;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await env.Error.WriteLineAsync($"keys {name} failed: {e.Message}");
                return AdminCommandLine.Failure;
            }
        });
        return step;
    }
}
