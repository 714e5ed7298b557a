using System.Net;
using System.Security.Cryptography;
using System.Text;
using Mudbase.Ledger;
using Mudbase.Ledger.Tests.Evidence;

namespace Mudbase.Cli.Tests;

public sealed class VerifyConsistencyCommandTests : IDisposable
{
    private const string Origin = TestBundle.DefaultOrigin;
    private const int OldSize = 37;
    private const int NewSize = 100;

    private readonly TempDirectory _dir = new();
    private readonly InMemoryMerkleTree _tree = new();

    public VerifyConsistencyCommandTests()
    {
        for (var i = 0; i < NewSize; i++)
        {
            _tree.Add(SHA256.HashData(Encoding.UTF8.GetBytes($"leaf {i}")));
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AValidProofBetweenSignedCheckpointsExitsZero()
    {
        var run = await CliRun.InvokeAsync(
            "verify-consistency", "--old", Note("old", OldSize), "--new", Note("new", NewSize), "--proof", ProofFile(),
            "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"OK the tree of {NewSize} leaves extends the tree of {OldSize} leaves", run.Out, StringComparison.Ordinal);
        Assert.Contains("verified mudbase.test+", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT AUTHENTICATED", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAKeyTheProofIsCheckedButTheOutputWarns()
    {
        var run = await CliRun.InvokeAsync(
            "verify-consistency", "--old", Note("old", OldSize), "--new", Note("new", NewSize), "--proof", ProofFile());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("WARNING: CHECKPOINTS NOT AUTHENTICATED", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAlteredProofElementExitsOne()
    {
        var proof = _tree.ConsistencyProof(OldSize, NewSize).Select(Convert.ToBase64String).ToArray();
        proof[1] = TestBundle.Flip(proof[1], 3);

        var run = await CliRun.InvokeAsync(
            "verify-consistency", "--old", Note("old", OldSize), "--new", Note("new", NewSize), "--proof", ProofFile(proof: proof),
            "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAILED: the consistency proof does not link", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARewrittenLogExitsOne()
    {
        // The newer checkpoint signs a tree whose first leaves differ from the older one's.
        var forked = new InMemoryMerkleTree();
        for (var i = 0; i < NewSize; i++)
        {
            forked.Add(SHA256.HashData(Encoding.UTF8.GetBytes(i == 5 ? "rewritten" : $"leaf {i}")));
        }

        var newNote = _dir.Write("new.note", TestBundle.LogKey.Sign(new Checkpoint(Origin, NewSize, forked.Root(NewSize)).ToBody()));
        var proof = forked.ConsistencyProof(OldSize, NewSize).Select(Convert.ToBase64String).ToArray();

        var run = await CliRun.InvokeAsync(
            "verify-consistency", "--old", Note("old", OldSize), "--new", newNote, "--proof", ProofFile(proof: proof),
            "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAILED", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProofForOtherSizesExitsOne()
    {
        var run = await CliRun.InvokeAsync(
            "verify-consistency", "--old", Note("old", OldSize), "--new", Note("new", NewSize), "--proof", ProofFile(from: OldSize + 1),
            "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"the proof is from size {OldSize + 1} to {NewSize}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACheckpointSignedByAnotherKeyExitsOne()
    {
        var forged = _dir.Write("forged.note", TestBundle.OtherKey.Sign(new Checkpoint(Origin, NewSize, _tree.Root(NewSize)).ToBody()));

        var run = await CliRun.InvokeAsync(
            "verify-consistency", "--old", Note("old", OldSize), "--new", forged, "--proof", ProofFile(),
            "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("is not signed by key mudbase.test+", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointsOfDifferentLogsExitOne()
    {
        var other = _dir.Write("other.note", TestBundle.LogKey.Sign(new Checkpoint("mudbase.test/org_other", NewSize, _tree.Root(NewSize)).ToBody()));

        var run = await CliRun.InvokeAsync(
            "verify-consistency", "--old", Note("old", OldSize), "--new", other, "--proof", ProofFile(),
            "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("different logs", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCheckpointEndpointsJsonIsAcceptedAsACheckpointFile()
    {
        var note = TestBundle.LogKey.Sign(new Checkpoint(Origin, NewSize, _tree.Root(NewSize)).ToBody());
        var json = _dir.Write("new.json", System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["success"] = true,
            ["checkpoint"] = note,
            ["treeSize"] = NewSize,
        }));

        var run = await CliRun.InvokeAsync(
            "verify-consistency", "--old", Note("old", OldSize), "--new", json, "--proof", ProofFile(),
            "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task TheProofIsFetchedFromAUrlWithTheBearerToken()
    {
        var handler = new StubHandler(request =>
            request.Headers.Authorization?.ToString() == "Bearer t0ken"
            && request.RequestUri!.ToString() == $"https://mudbase.test/api/compliance/ledger/consistency?from={OldSize}&to={NewSize}"
                ? Json(ProofJson())
                : new HttpResponseMessage(HttpStatusCode.Unauthorized));

        var run = await CliRun.InvokeAsync(
            handler,
            "verify-consistency", "--old", Note("old", OldSize), "--new", Note("new", NewSize),
            "--proof", $"https://mudbase.test/api/compliance/ledger/consistency?from={OldSize}&to={NewSize}", "--token", "t0ken",
            "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task ARefusedFetchExitsOneWithTheStatus()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));

        var run = await CliRun.InvokeAsync(
            handler,
            "verify-consistency", "--old", Note("old", OldSize), "--new", Note("new", NewSize),
            "--proof", "https://mudbase.test/api/compliance/ledger/consistency?from=37&to=100",
            "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("401", run.Error, StringComparison.Ordinal);
    }

    private string Note(string name, int size) =>
        _dir.Write($"{name}.note", TestBundle.LogKey.Sign(new Checkpoint(Origin, size, _tree.Root(size)).ToBody()));

    private string ProofJson(long from = OldSize, long to = NewSize, string[]? proof = null) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["success"] = true,
            ["from"] = from,
            ["to"] = to,
            ["proof"] = proof ?? _tree.ConsistencyProof(OldSize, NewSize).Select(Convert.ToBase64String).ToArray(),
        });

    private string ProofFile(long from = OldSize, long to = NewSize, string[]? proof = null) =>
        _dir.Write("proof.json", ProofJson(from, to, proof));

    private static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(answer(request));
        }
    }
}
