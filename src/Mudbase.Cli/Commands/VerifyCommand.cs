using System.CommandLine;
using System.Globalization;
using Mudbase.Ledger;
using Mudbase.Ledger.Evidence;
using Spectre.Console;

namespace Mudbase.Cli.Commands;

/// <summary><c>mudbase verify &lt;bundle.jsonl&gt; [--public-key …] [--origin …] [--threads n]</c>.</summary>
internal static class VerifyCommand
{
    // Smaller bundles verify before a progress bar would have been worth drawing.
    private const long ProgressThreshold = 8L << 20;

    public static Command Create(CliEnvironment env)
    {
        var bundle = new Argument<FileInfo>("bundle") { Description = "The evidence bundle (JSON Lines) to verify." };
        var publicKey = new Option<string[]>("--public-key")
        {
            Description = "The log's published note verifier key (name+hash+base64), or a file holding it; repeat it to pin "
                + "every key of a rotation, and the one that signed the bundle's checkpoint is used. "
                + "Without it the bundle's own key is trusted, which proves nothing about who signed it.",
        };
        var origin = new Option<string?>("--origin") { Description = "The log the bundle must come from, e.g. mudbase.example/org_123." };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads that check event lines: 0 (the default) for one per core, 1 to check every line in order on one thread.",
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--threads must be 0 or more.");
            }
        });
        var command = new Command("verify", "Verify an evidence bundle offline: the checkpoint signature, every event and detail, every inclusion proof.")
        {
            bundle, publicKey, origin, threads,
        };
        command.SetAction((result, cancellationToken) =>
            RunAsync(env, result.GetValue(bundle)!, result.GetValue(publicKey) ?? [], result.GetValue(origin), result.GetValue(threads), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CliEnvironment env, FileInfo file, string[] keyArguments, string? origin, int threads, CancellationToken cancellationToken)
    {
        if (!KeyInput.TryReadAll(keyArguments, out var pinned, out var keyError))
        {
            await env.Error.WriteLineAsync(keyError);
            return MudbaseCli.Failure;
        }
        var key = pinned.Count <= 1 ? pinned.FirstOrDefault() : BundleSigner.Choose(file, pinned);

        var console = CliConsole.Create(env.Out, env.IsTerminal);
        EvidenceReport report;
        try
        {
            await using var stream = new FileStream(
                file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            report = env.IsTerminal && file.Length > ProgressThreshold
                ? await VerifyWithProgressAsync(console, stream, file.Length, key, origin, threads, cancellationToken)
                : await Task.Run(() => EvidenceVerifier.Verify(stream, key, origin, Options(threads, null, cancellationToken)), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await env.Error.WriteLineAsync($"cannot read {file.FullName}: {e.Message}");
            return MudbaseCli.Failure;
        }

        Render(console, file, key, report);
        return report.Ok ? MudbaseCli.Success : MudbaseCli.Failure;
    }

    private static Task<EvidenceReport> VerifyWithProgressAsync(
        IAnsiConsole console, Stream stream, long length, NoteVerifier? key, string? origin, int threads, CancellationToken cancellationToken) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Verifying", autoStart: true, maxValue: length);
                var report = await Task.Run(
                    () => EvidenceVerifier.Verify(stream, key, origin, Options(threads, new TaskProgress(task), cancellationToken)), cancellationToken);
                task.Value = length;
                return report;
            });

    private static EvidenceVerifierOptions Options(int threads, IProgress<long>? progress, CancellationToken cancellationToken) =>
        new() { Threads = threads, Progress = progress, CancellationToken = cancellationToken };

    private static void Render(IAnsiConsole console, FileInfo file, NoteVerifier? key, EvidenceReport report)
    {
        if (!report.KeyPinned)
        {
            console.Write(new Panel(new Markup(
                    "[bold]No --public-key was given, so the bundle's own key was trusted.[/]\n"
                    + "That proves only that the bundle is self-consistent: anyone can produce such a bundle with a key of their own.\n"
                    + "Pass the log's published key with [bold]--public-key[/] to know the log operator signed it."))
                .Header("[bold yellow] WARNING: KEY NOT PINNED [/]")
                .BorderColor(Color.Yellow));
        }

        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("Bundle", Markup.Escape(file.Name));
        grid.AddRow("Events verified", report.EventsVerified.ToString("N0", CultureInfo.InvariantCulture));
        grid.AddRow("Erased details", report.ErasedDetails.ToString("N0", CultureInfo.InvariantCulture));
        if (report.Checkpoint is { } checkpoint)
        {
            grid.AddRow("Log", Markup.Escape(checkpoint.Origin));
            grid.AddRow("Checkpoint size", checkpoint.Size.ToString("N0", CultureInfo.InvariantCulture));
            grid.AddRow("Checkpoint root", Convert.ToBase64String(checkpoint.RootHash));
        }

        grid.AddRow("Key", key is null
            ? "[yellow]not pinned (the bundle's own key)[/]"
            : $"[green]pinned[/] {Markup.Escape(key.KeyName)}+{key.KeyHash:x8}");
        console.Write(grid);

        if (report.Ok)
        {
            console.MarkupLine("[bold green]OK[/] every event, detail and inclusion proof matches the signed checkpoint.");
            return;
        }

        var failure = report.FirstFailure!;
        var where = failure.LeafIndex is { } index
            ? $" at leaf {index.ToString(CultureInfo.InvariantCulture)}" + (failure.EventId is { } id ? $" (event {id})" : "")
            : "";
        console.MarkupLine($"[bold red]FAILED[/]{Markup.Escape(where)}: {Markup.Escape(failure.Reason)}");
    }

    private sealed class TaskProgress(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }
}
