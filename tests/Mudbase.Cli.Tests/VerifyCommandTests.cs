using Mudbase.Ledger;
using Mudbase.Ledger.Tests.Evidence;

namespace Mudbase.Cli.Tests;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AGoodBundleWithThePinnedKeyAndOriginExitsZeroWithASummary()
    {
        var bundle = TestBundle.Create(50, erased: i => i == 3 || i == 30);
        var file = _dir.Write("bundle.jsonl", bundle.ToBytes());

        var run = await CliRun.InvokeAsync("verify", file, "--public-key", TestBundle.LogKey.VerifierKey, "--origin", TestBundle.DefaultOrigin);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"Events verified\s+50\b", run.Out);
        Assert.Matches(@"Erased details\s+2\b", run.Out);
        Assert.Matches(@"Checkpoint size\s+50\b", run.Out);
        Assert.Contains(bundle.Header.RootHash, run.Out, StringComparison.Ordinal);
        Assert.Contains("pinned mudbase.test+", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT PINNED", run.Out, StringComparison.Ordinal);
        Assert.Contains("OK every event", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfSeveralPinnedKeysTheOneThatSignedTheCheckpointIsUsed()
    {
        var file = _dir.Write("bundle.jsonl", TestBundle.Create(10).ToBytes());
        var rotatedOut = NoteSigner.Generate("mudbase.test").VerifierKey;

        var run = await CliRun.InvokeAsync("verify", file, "--public-key", rotatedOut, "--public-key", TestBundle.LogKey.VerifierKey);
        var neither = await CliRun.InvokeAsync("verify", file, "--public-key", rotatedOut, "--public-key", NoteSigner.Generate("mudbase.test").VerifierKey);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"pinned mudbase.test+{TestBundle.LogKey.KeyHash:x8}", run.Out, StringComparison.Ordinal);
        Assert.Equal(1, neither.ExitCode);
        Assert.Contains("not the pinned key", neither.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKeyMayBeGivenAsAFile()
    {
        var file = _dir.Write("bundle.jsonl", TestBundle.Create(10).ToBytes());
        var key = _dir.Write("log.vkey", TestBundle.LogKey.VerifierKey + "\n");

        var run = await CliRun.InvokeAsync("verify", file, "--public-key", key);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task WithoutAKeyTheBundleCanPassButTheOutputWarnsThatNothingWasPinned()
    {
        var file = _dir.Write("bundle.jsonl", TestBundle.Create(10).ToBytes());

        var run = await CliRun.InvokeAsync("verify", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("WARNING: KEY NOT PINNED", run.Out, StringComparison.Ordinal);
        Assert.Contains("not pinned", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAlteredDetailExitsOneNamingTheLeafTheEventAndTheReason()
    {
        var bundle = TestBundle.Create(50).Edit(21, line => line["details"]!["ip"]!["value"] = "192.0.2.1");
        var file = _dir.Write("bundle.jsonl", bundle.ToBytes());

        var run = await CliRun.InvokeAsync("verify", file, "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(
            "FAILED at leaf 21 (event evt_00000021): detail 'ip' does not match its commitment", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"Events verified\s+21\b", run.Out);
    }

    [Fact]
    public async Task ARemovedLineExitsOneNamingTheMissingLeaf()
    {
        var bundle = TestBundle.Create(50);
        bundle.Lines.RemoveAt(7);
        var file = _dir.Write("bundle.jsonl", bundle.ToBytes());

        var run = await CliRun.InvokeAsync("verify", file, "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAILED at leaf 7 (event evt_00000008): line 9 holds leaf 8 where leaf 7 belongs", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABundleSignedByAnotherKeyExitsOne()
    {
        var file = _dir.Write("bundle.jsonl", TestBundle.Create(10, signer: TestBundle.OtherKey).ToBytes());

        var run = await CliRun.InvokeAsync("verify", file, "--public-key", TestBundle.LogKey.VerifierKey);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAILED: the checkpoint signature does not verify", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABundleOfAnotherLogExitsOne()
    {
        var file = _dir.Write("bundle.jsonl", TestBundle.Create(10).ToBytes());

        var run = await CliRun.InvokeAsync("verify", file, "--public-key", TestBundle.LogKey.VerifierKey, "--origin", "mudbase.test/org_other");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("not the expected 'mudbase.test/org_other'", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedKeyExitsOneBeforeReadingTheBundle()
    {
        var file = _dir.Write("bundle.jsonl", TestBundle.Create(3).ToBytes());

        var run = await CliRun.InvokeAsync("verify", file, "--public-key", "not-a-key");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("--public-key is neither a note verifier key", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("0")]
    public async Task EveryThreadCountVerifiesAGoodBundleAndNamesTheSameFirstFailureOfABadOne(string threads)
    {
        var good = _dir.Write("good.jsonl", TestBundle.Create(50).ToBytes());
        var bad = TestBundle.Create(50)
            .Edit(40, line => line["event"]!["actor"] = "user:x")
            .Edit(21, line => line["details"]!["ip"]!["value"] = "192.0.2.1");
        var file = _dir.Write("bad.jsonl", bad.ToBytes());

        var ok = await CliRun.InvokeAsync("verify", good, "--public-key", TestBundle.LogKey.VerifierKey, "--threads", threads);
        var run = await CliRun.InvokeAsync("verify", file, "--public-key", TestBundle.LogKey.VerifierKey, "--threads", threads);

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Matches(@"Events verified\s+50\b", ok.Out);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(
            "FAILED at leaf 21 (event evt_00000021): detail 'ip' does not match its commitment", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"Events verified\s+21\b", run.Out);
    }

    [Fact]
    public async Task ANegativeThreadCountIsAUsageError()
    {
        var file = _dir.Write("bundle.jsonl", TestBundle.Create(3).ToBytes());

        var run = await CliRun.InvokeAsync("verify", file, "--threads", "-1");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--threads must be 0 or more", run.Error + run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingBundleExitsOne()
    {
        var run = await CliRun.InvokeAsync("verify", Path.Combine(_dir.Path, "absent.jsonl"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("cannot read", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingArgumentIsAUsageErrorThatExitsNonZero()
    {
        var run = await CliRun.InvokeAsync("verify");

        Assert.NotEqual(0, run.ExitCode);
    }
}
