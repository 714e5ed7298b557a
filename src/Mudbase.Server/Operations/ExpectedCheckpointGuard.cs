using Microsoft.Extensions.Options;
using Mudbase.Ledger;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Operations;

/// <summary>
/// At start, refuses to serve when a log is behind (or forked from) a checkpoint the operator says was already handed
/// out (<c>Mudbase:Ledger:ExpectCheckpoints</c>, files as saved from the checkpoint endpoint or bare notes).
/// </summary>
internal sealed partial class ExpectedCheckpointGuard(
    ILedgerStore store, LedgerSigner signer, IOptions<ExpectedCheckpointOptions> options, ILogger<ExpectedCheckpointGuard> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var path in options.Value.ExpectCheckpoints)
        {
            var note = SignedCheckpointText.Read(path);
            if (!signer.Verifier.TryVerify(note, out var body) || !Checkpoint.TryParse(body, out var expected))
                throw Refuse(path, "it is not a checkpoint signed by this server's ledger key");
            if (await CheckpointExpectation.ProblemAsync(store, expected, cancellationToken) is { } problem)
                throw Refuse(path, problem);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private InvalidOperationException Refuse(string path, string problem)
    {
        LogRefused(logger, path, problem);
        return new InvalidOperationException($"Refusing to serve: expected checkpoint {path}: {problem}");
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to serve: expected checkpoint {Path}: {Problem}")]
    private static partial void LogRefused(ILogger logger, string path, string problem);
}

/// <summary>Section <c>Mudbase:Ledger</c>: checkpoints the database must reach before the server serves it.</summary>
internal sealed class ExpectedCheckpointOptions
{
    public string[] ExpectCheckpoints { get; set; } = [];
}
