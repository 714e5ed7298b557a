using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mudbase.Client;
using Mudbase.Contracts;
using Mudbase.Ledger;
using Spectre.Console;

namespace Mudbase.Cli.Commands;

/// <summary>
/// <c>mudbase verify-consistency --old &lt;checkpoint&gt; --new &lt;checkpoint&gt; --proof &lt;file|url&gt;</c>: proves that the
/// newer checkpoint's tree extends the older one's, i.e. that nothing logged before was changed or removed.
/// </summary>
internal static class VerifyConsistencyCommand
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(60);

    public static Command Create(CliEnvironment env)
    {
        var oldCheckpoint = new Option<FileInfo>("--old") { Description = "The older checkpoint: a signed note, or the checkpoint endpoint's JSON.", Required = true };
        var newCheckpoint = new Option<FileInfo>("--new") { Description = "The newer checkpoint, in the same forms.", Required = true };
        var proof = new Option<string>("--proof")
        {
            Description = "The consistency proof JSON as a file, or the http(s) URL of the server (or of its consistency endpoint) "
                + "to fetch it from for the two checkpoints' sizes.",
            Required = true,
        };
        var publicKey = new Option<string?>("--public-key")
        {
            Description = "The log's published note verifier key, or a file holding it; both checkpoints must be signed by it.",
        };
        var token = new Option<string?>("--token") { Description = "A bearer token for fetching the proof from a URL." };
        var command = new Command("verify-consistency", "Verify that a newer checkpoint's log extends an older one's without rewriting it.")
        {
            oldCheckpoint, newCheckpoint, proof, publicKey, token,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            env,
            result.GetValue(oldCheckpoint)!,
            result.GetValue(newCheckpoint)!,
            result.GetValue(proof)!,
            result.GetValue(publicKey),
            result.GetValue(token),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CliEnvironment env, FileInfo oldFile, FileInfo newFile, string proofSource, string? keyArgument, string? token,
        CancellationToken cancellationToken)
    {
        var console = CliConsole.Create(env.Out, env.IsTerminal);
        if (!KeyInput.TryRead(keyArgument, out var key, out var error))
        {
            return await FailAsync(env, error);
        }

        if (key is null)
        {
            console.Write(new Panel(new Markup(
                    "[bold]No --public-key was given, so the checkpoints' signatures were not checked.[/]\n"
                    + "The proof can then only show that two trees are consistent, not that the log operator signed them."))
                .Header("[bold yellow] WARNING: CHECKPOINTS NOT AUTHENTICATED [/]")
                .BorderColor(Color.Yellow));
        }

        if (!CheckpointFile.TryRead(oldFile.FullName, key, out var older, out error)
            || !CheckpointFile.TryRead(newFile.FullName, key, out var newer, out error))
        {
            return await FailAsync(env, error);
        }

        if (!string.Equals(older.Origin, newer.Origin, StringComparison.Ordinal))
        {
            return await FailAsync(env, $"the checkpoints belong to different logs: '{older.Origin}' and '{newer.Origin}'");
        }

        ConsistencyResponse? document;
        try
        {
            document = await ReadProofAsync(env, proofSource, token, older.Size, newer.Size, cancellationToken);
        }
        catch (MudbaseApiException e)
        {
            return await FailAsync(env, $"cannot read the proof from {proofSource}: the server answered {(int)e.StatusCode} {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or JsonException
            or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(env, $"cannot read the proof from {proofSource}: {e.Message}");
        }

        if (document is not { Success: true, Proof: { } elements })
        {
            return await FailAsync(env, "the proof document is not a successful consistency proof");
        }

        if (document.From != older.Size || document.To != newer.Size)
        {
            return await FailAsync(env,
                $"the proof is from size {document.From} to {document.To}, but the checkpoints are at {older.Size} and {newer.Size}");
        }

        if (!TryDecode(elements, out var proof))
        {
            return await FailAsync(env, "the proof holds an element that is not the base64 of a 32-byte hash");
        }

        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("Log", Markup.Escape(older.Origin));
        grid.AddRow("Old checkpoint", $"{older.Size.ToString("N0", CultureInfo.InvariantCulture)}  {Convert.ToBase64String(older.RootHash)}");
        grid.AddRow("New checkpoint", $"{newer.Size.ToString("N0", CultureInfo.InvariantCulture)}  {Convert.ToBase64String(newer.RootHash)}");
        grid.AddRow("Signatures", key is null ? "[yellow]not checked[/]" : $"[green]verified[/] {Markup.Escape(key.KeyName)}+{key.KeyHash:x8}");
        console.Write(grid);

        if (!MerkleProofs.VerifyConsistency(older.Size, newer.Size, proof, older.RootHash, newer.RootHash))
        {
            console.MarkupLine($"[bold red]FAILED[/]: the consistency proof does not link the tree of {older.Size} leaves to the tree of {newer.Size}: "
                + "the log was rewritten, or the proof is wrong");
            return MudbaseCli.Failure;
        }

        console.MarkupLine($"[bold green]OK[/] the tree of {newer.Size} leaves extends the tree of {older.Size} leaves unchanged.");
        return MudbaseCli.Success;
    }

    /// <summary>The proof from a file, or fetched with the C# client from the server the URL names.</summary>
    private static async Task<ConsistencyResponse?> ReadProofAsync(
        CliEnvironment env, string source, string? token, long from, long to, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await using var file = File.OpenRead(source);
            return await JsonSerializer.DeserializeAsync(file, MudbaseJsonContext.Default.ConsistencyResponse, cancellationToken);
        }

        if (token is not null && uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            await env.Error.WriteLineAsync("warning: sending the bearer token over plain http");
        }

        using var http = env.HttpHandler is null ? new HttpClient() : new HttpClient(env.HttpHandler, disposeHandler: false);
        http.BaseAddress = ServerAddress(uri);
        http.Timeout = FetchTimeout;
        using var client = new MudbaseClient(http);
        client.SetJwt(token);
        return await client.Ledger.GetConsistencyAsync(from, to, cancellationToken);
    }

    /// <summary>The server's base address: the URL up to its consistency endpoint's path, if it names it, else the URL itself.</summary>
    private static Uri ServerAddress(Uri uri)
    {
        const string Endpoint = "api/compliance/ledger/consistency";
        var path = uri.AbsolutePath;
        var at = path.IndexOf(Endpoint, StringComparison.Ordinal);
        var basePath = at >= 0 ? path[..at] : path;
        return new UriBuilder(uri) { Path = basePath.EndsWith('/') ? basePath : basePath + "/", Query = "" }.Uri;
    }

    private static bool TryDecode(IReadOnlyList<string> elements, out List<byte[]> proof)
    {
        proof = new List<byte[]>(elements.Count);
        foreach (var element in elements)
        {
            var bytes = new byte[MerkleHash.Size];
            if (element is null || !Convert.TryFromBase64String(element, bytes, out var written) || written != MerkleHash.Size
                || !string.Equals(Convert.ToBase64String(bytes), element, StringComparison.Ordinal))
            {
                return false;
            }

            proof.Add(bytes);
        }

        return true;
    }

    private static async Task<int> FailAsync(CliEnvironment env, string message)
    {
        await env.Error.WriteLineAsync($"FAILED: {message}");
        return MudbaseCli.Failure;
    }
}
