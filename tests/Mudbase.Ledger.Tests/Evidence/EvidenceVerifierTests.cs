using System.Text;
using System.Text.Json.Nodes;
using Mudbase.Ledger.Evidence;

namespace Mudbase.Ledger.Tests.Evidence;

public sealed class EvidenceVerifierTests
{
    private const int TreeSize = 50;
    private const long Target = 21;

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AGoodBundleVerifiesAgainstThePinnedKeyAndOrigin(string path)
    {
        var bundle = TestBundle.Create(TreeSize);

        var report = bundle.Verify(path, expectedOrigin: TestBundle.DefaultOrigin);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Null(report.FirstFailure);
        Assert.Equal(TreeSize, report.EventsVerified);
        Assert.Equal(0, report.ErasedDetails);
        Assert.True(report.KeyPinned);
        Assert.Equal(TreeSize, report.Checkpoint!.Size);
        Assert.Equal(bundle.Header.RootHash, Convert.ToBase64String(report.Checkpoint.RootHash));
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void WithoutAPinnedKeyTheBundlesOwnKeyIsUsedAndReportedAsNotPinned(string path)
    {
        var report = TestBundle.Create(TreeSize).Verify(path, pin: false);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.False(report.KeyPinned);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ErasedDetailsStillVerifyAndAreCounted(string path)
    {
        var report = TestBundle.Create(TreeSize, erased: i => i % 4 == 1).Verify(path);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(13, report.ErasedDetails);
        Assert.Equal(TreeSize, report.EventsVerified);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void APartialBundleOfLeaves10To19OfA50LeafTreeVerifies(string path)
    {
        var bundle = TestBundle.Create(TreeSize, first: 10, count: 10);

        var report = bundle.Verify(path);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(10, report.EventsVerified);
        Assert.Equal(10, bundle.Header.FirstLeafIndex);
        Assert.Equal(19, bundle.Header.LastLeafIndex);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void EveryRangeOfEveryTreeUpTo20LeavesVerifies(string path)
    {
        for (var size = 1; size <= 20; size++)
        {
            for (var first = 0; first < size; first++)
            {
                var report = TestBundle.Create(size, first: first).Verify(path);
                Assert.True(report.Ok, $"{first}..{size - 1} of {size}: {report.FirstFailure?.Reason}");
                Assert.Equal(size - first, report.EventsVerified);
            }
        }
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnEmptyBundleOverANonEmptyTreeVerifies(string path)
    {
        var report = TestBundle.Create(TreeSize, first: TreeSize).Verify(path);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(0, report.EventsVerified);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnAlteredDetailValueIsCaughtAtItsLeaf(string path) =>
        AssertFails(path,
            TestBundle.Create(TreeSize).Edit(Target, line => line["details"]!["ip"]!["value"] = "10.9.9.9"),
            Target, "detail 'ip' does not match its commitment");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnAlteredNestedDetailValueIsCaughtAtItsLeaf(string path) =>
        AssertFails(path,
            TestBundle.Create(TreeSize).Edit(Target, line => line["details"]!["userAgent"]!["value"]!["version"]![2] = 1),
            Target, "detail 'userAgent' does not match its commitment");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnAlteredSaltIsCaughtAtItsLeaf(string path) =>
        AssertFails(path,
            TestBundle.Create(TreeSize).Edit(Target, line =>
                line["details"]!["attempts"]!["salt"] = TestBundle.Flip(line["details"]!["attempts"]!["salt"]!.GetValue<string>(), 77)),
            Target, "detail 'attempts' does not match its commitment");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnAlteredSeverityIsCaughtAtItsLeaf(string path) =>
        AssertFails(path,
            TestBundle.Create(TreeSize).Edit(Target, line => line["event"]!["severity"] = "low"),
            Target, "leaf hash does not match");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnAlteredRecordedAtIsCaughtAtItsLeaf(string path) =>
        AssertFails(path,
            TestBundle.Create(TreeSize).Edit(Target, line => line["event"]!["recordedAt"] = "2025-03-14T09:00:00.000Z"),
            Target, "leaf hash does not match");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnAlteredLeafHashIsCaughtAtItsLeaf(string path) =>
        AssertFails(path,
            TestBundle.Create(TreeSize).Edit(Target, line => line["leafHash"] = TestBundle.Flip(line["leafHash"]!.GetValue<string>(), 5)),
            Target, "leaf hash does not match");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnAlteredFirstProofElementIsCaughtAtItsLeaf(string path) =>
        AssertFails(path, TestBundle.Create(TreeSize).Edit(Target, line => FlipProof(line, 0)), Target, "inclusion proof");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnAlteredLastProofElementIsCaughtAtItsLeaf(string path) =>
        AssertFails(path, TestBundle.Create(TreeSize).Edit(Target, line => FlipProof(line, -1)), Target, "inclusion proof");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnAlteredProofElementIsCaughtAtEveryLeafAndEveryPosition(string path)
    {
        const int size = 37;
        var pristine = TestBundle.Create(size);
        for (long leaf = 0; leaf < size; leaf++)
        {
            var length = JsonNode.Parse(pristine.Lines[(int)leaf])!["inclusionProof"]!.AsArray().Count;
            for (var element = 0; element < length; element++)
            {
                var bundle = TestBundle.Create(size);
                var at = element;
                bundle.Edit(leaf, line => FlipProof(line, at));
                AssertFails(path, bundle, leaf, "inclusion proof");
            }
        }
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ATruncatedProofIsCaughtAtItsLeaf(string path) =>
        AssertFails(path,
            TestBundle.Create(TreeSize).Edit(Target, line =>
            {
                var proof = line["inclusionProof"]!.AsArray();
                proof.RemoveAt(proof.Count - 1);
            }),
            Target, "inclusion proof");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ARemovedLineIsCaughtAtTheMissingLeaf(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        bundle.Lines.RemoveAt(bundle.LineOf(Target));

        AssertFails(path, bundle, Target, $"holds leaf {Target + 1} where leaf {Target} belongs");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ARemovedLastLineIsCaughtByTheHeaderCount(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        bundle.Lines.RemoveAt(bundle.Lines.Count - 1);

        var report = AssertFails(path, bundle, TreeSize - 1, "declares 50 events but the bundle holds 49");
        Assert.Equal(TreeSize - 1, report.EventsVerified);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ADuplicatedLineIsCaughtAtTheLeafItDisplaces(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        bundle.Lines.Insert(bundle.LineOf(Target), bundle.Lines[bundle.LineOf(Target)]);

        AssertFails(path, bundle, Target + 1, $"holds leaf {Target} where leaf {Target + 1} belongs");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void SwappedLinesAreCaughtAtTheFirstOfThem(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        var at = bundle.LineOf(Target);
        (bundle.Lines[at], bundle.Lines[at + 1]) = (bundle.Lines[at + 1], bundle.Lines[at]);

        AssertFails(path, bundle, Target, $"holds leaf {Target + 1} where leaf {Target} belongs");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ALeafIndexBeyondTheTreeSizeIsCaught(string path)
    {
        // A consistent line for leaf 50 of a 51-leaf log, appended to a bundle whose checkpoint covers only 50 leaves.
        var bundle = TestBundle.Create(TreeSize);
        bundle.Lines.Add(TestBundle.Create(TreeSize + 1).Lines[TreeSize]);
        bundle.EditHeader(h => h with { LastLeafIndex = TreeSize, Count = TreeSize + 1 });

        AssertFails(path, bundle, TreeSize, "beyond the checkpoint's tree of 50 leaves");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ARenumberedLineIsCaught(string path)
    {
        var bundle = TestBundle.Create(TreeSize).Edit(Target, line => line["event"]!["seq"] = Target + 2);

        AssertFails(path, bundle, Target, "event.seq is 23");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnEventOfAnotherOrganisationIsCaught(string path)
    {
        var bundle = TestBundle.Create(TreeSize).Edit(Target, line => line["event"]!["org"] = "org_other");

        AssertFails(path, bundle, Target, "event.org is 'org_other'");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ABadCheckpointSignatureIsCaught(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        var note = bundle.Header.Checkpoint;
        var signature = note.LastIndexOf(' ') + 1;
        var sigBytes = Convert.FromBase64String(note[signature..^1]);
        sigBytes[10] ^= 1;
        bundle.EditHeader(h => h with { Checkpoint = note[..signature] + Convert.ToBase64String(sigBytes) + "\n" });

        var report = AssertFails(path, bundle, null, "checkpoint signature does not verify");
        Assert.Null(report.Checkpoint);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ACheckpointForAnotherRootSignedByAnotherKeyIsCaughtByThePinnedKey(string path)
    {
        var forged = TestBundle.Create(TreeSize, signer: TestBundle.OtherKey);

        var report = forged.Verify(path, pinned: NoteVerifier.Parse(TestBundle.LogKey.VerifierKey));

        Assert.False(report.Ok);
        Assert.Contains("not the pinned key", report.FirstFailure!.Reason, StringComparison.Ordinal);
        Assert.Null(report.FirstFailure.LeafIndex);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AForgedBundleStillVerifiesAgainstItsOwnKeyButSaysSo(string path)
    {
        var report = TestBundle.Create(TreeSize, signer: TestBundle.OtherKey).Verify(path, pin: false);

        Assert.True(report.Ok);
        Assert.False(report.KeyPinned);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AHeaderNamingThePinnedKeyOverACheckpointSignedByAnotherIsCaught(string path)
    {
        var bundle = TestBundle.Create(TreeSize, signer: TestBundle.OtherKey);
        bundle.EditHeader(h => h with { VerifierKey = TestBundle.LogKey.VerifierKey });

        AssertFails(path, bundle, null, "checkpoint signature does not verify");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ACheckpointCoSignedByTheBundleKeyAndThePinnedPreviousKeyVerifies(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        var previous = TestBundle.OtherKey;
        var body = bundle.Header.Checkpoint[..(bundle.Header.Checkpoint.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)];
        bundle.EditHeader(h => h with { Checkpoint = h.Checkpoint + previous.Sign(body)[(body.Length + 1)..] });

        var report = bundle.Verify(path, pinned: NoteVerifier.Parse(previous.VerifierKey));

        Assert.True(report.Ok, report.FirstFailure?.Reason);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AWrongExpectedOriginIsCaught(string path)
    {
        var report = TestBundle.Create(TreeSize).Verify(path, expectedOrigin: "mudbase.test/org_other");

        Assert.False(report.Ok);
        Assert.Contains("not the expected 'mudbase.test/org_other'", report.FirstFailure!.Reason, StringComparison.Ordinal);
        Assert.NotNull(report.Checkpoint);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AHeaderOriginOtherThanTheCheckpointsIsCaught(string path) =>
        AssertFails(path, TestBundle.Create(TreeSize).EditHeader(h => h with { Origin = "mudbase.test/org_other" }), null, "header names");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AHeaderTreeSizeOtherThanTheCheckpointsIsCaught(string path) =>
        AssertFails(path, TestBundle.Create(TreeSize).EditHeader(h => h with { TreeSize = 49 }), null, "claims tree size 49");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AHeaderRootOtherThanTheCheckpointsIsCaught(string path) =>
        AssertFails(path, TestBundle.Create(TreeSize).EditHeader(h => h with { RootHash = TestBundle.Flip(h.RootHash) }), null, "root hash");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AHeaderCountMismatchIsCaught(string path) =>
        AssertFails(path, TestBundle.Create(TreeSize).EditHeader(h => h with { Count = 51 }), TreeSize, "declares 51 events but the bundle holds 50");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AHeaderLastIndexMismatchIsCaught(string path) =>
        AssertFails(path, TestBundle.Create(TreeSize).EditHeader(h => h with { LastLeafIndex = 48 }), null, "last leaf as 48");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnotherFormatOrVersionIsRefused(string path)
    {
        AssertFails(path, TestBundle.Create(3).EditHeader(h => h with { Format = "other" }), null, "format is 'other'");
        AssertFails(path, TestBundle.Create(3).EditHeader(h => h with { Version = 2 }), null, "version 2 is not supported");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AnEmptyStreamFails(string path)
    {
        var report = VerifierPaths.Verify(path, new MemoryStream(), null, null);

        Assert.False(report.Ok);
        Assert.Equal("the bundle is empty", report.FirstFailure!.Reason);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AMalformedLineNamesItsPositionAndLineNumber(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        bundle.Lines[bundle.LineOf(Target)] = "{\"leafIndex\": 21, \"event\": ";

        AssertFails(path, bundle, Target, $"line {Target + 2}: the line is not valid JSON");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ABlankLineInsideTheBundleFails(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        bundle.Lines.Insert(bundle.LineOf(Target), "");

        AssertFails(path, bundle, Target, "is empty");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ARepeatedPropertyIsRefusedRatherThanGuessedAt(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        var at = bundle.LineOf(Target);
        bundle.Lines[at] = bundle.Lines[at][..^1] + ",\"leafIndex\":3}";

        AssertFails(path, bundle, Target, "leafIndex appears twice");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ARepeatedDetailMemberIsRefusedByItsFullName(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        var at = bundle.LineOf(Target);
        bundle.Lines[at] = bundle.Lines[at].Replace("\"ip\":{", "\"ip\":{\"erased\":false,\"erased\":false,", StringComparison.Ordinal);

        AssertFails(path, bundle, Target, "details.ip.erased appears twice");
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ADetailWithNeitherValueNorErasedMarkFails(string path) =>
        AssertFails(path,
            TestBundle.Create(TreeSize).Edit(Target, line => line["details"]!["ip"]!.AsObject().Remove("value")),
            Target, "neither its value and salt nor the erased mark");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ADetailMarkedErasedButKeepingItsValueFails(string path) =>
        AssertFails(path,
            TestBundle.Create(TreeSize).Edit(Target, line => line["details"]!["ip"]!["erased"] = true),
            Target, "marked erased but still carries");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ErasingADetailByHandWithoutItsCommitmentChangesTheLeaf(string path) =>
        AssertFails(path,
            TestBundle.Create(TreeSize).Edit(Target, line => line["details"]!.AsObject().Remove("attempts")),
            Target, "leaf hash does not match");

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ALastLineWithoutItsNewlineIsVerifiedLikeTheOthers(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        var bytes = bundle.ToBytes();
        Assert.Equal((byte)'\n', bytes[^1]);

        var report = VerifierPaths.Verify(path, new MemoryStream(bytes[..^1]), bundle.PinnedKey, null);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(TreeSize, report.EventsVerified);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void AFileCutShortInsideItsLastLineFailsAtThatLeaf(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        var bytes = bundle.ToBytes();
        var cut = bytes.Length - (Encoding.UTF8.GetByteCount(bundle.Lines[^1]) / 2);

        var report = VerifierPaths.Verify(path, new MemoryStream(bytes[..cut]), bundle.PinnedKey, null);

        Assert.False(report.Ok, "a cut bundle verified");
        Assert.Equal(TreeSize - 1, report.FirstFailure!.LeafIndex);
        Assert.Contains($"line {TreeSize + 1}: ", report.FirstFailure.Reason, StringComparison.Ordinal);
        Assert.Equal(TreeSize - 1, report.EventsVerified);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void CrLfLineEndingsAndAByteOrderMarkAreAccepted(string path)
    {
        var bundle = TestBundle.Create(TreeSize);
        var bytes = Encoding.UTF8.GetPreamble().Concat(bundle.ToBytes("\r\n")).ToArray();

        var report = VerifierPaths.Verify(path, new MemoryStream(bytes), bundle.PinnedKey, null);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ABundleSpanningManyBuffersVerifiesWhenReadInSmallPieces(string path)
    {
        var bundle = TestBundle.Create(1500, bigDetail: i => i % 500 == 7 ? 3 << 20 : 0);
        var progress = new List<long>();

        var report = VerifierPaths.Verify(
            path, new TrickleStream(bundle.ToBytes(), 4093), bundle.PinnedKey, null, new SyncProgress(progress.Add));

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(1500, report.EventsVerified);
        Assert.Equal(bundle.ToBytes().Length, progress[^1]);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void WithSeveralFailuresInDifferentBuffersTheEarliestIsReported(string path)
    {
        var bundle = TestBundle.Create(3000);
        Assert.True(bundle.ToBytes().Length > 3 << 20, "the failures should fall in different read buffers");
        bundle.Edit(2900, line => line["event"]!["actor"] = "user:x");
        bundle.Edit(1200, line => line["event"]!["actor"] = "user:x");
        bundle.Edit(2100, line => line["event"]!["actor"] = "user:x");

        var report = AssertFails(path, bundle, 1200, "leaf hash does not match");
        Assert.Equal(1200, report.EventsVerified);
        Assert.Equal("evt_00001200", report.FirstFailure!.EventId);
    }

    [Theory]
    [MemberData(nameof(VerifierPaths.All), MemberType = typeof(VerifierPaths))]
    public void ANullDetailValueIsCommittedToAsJsonNull(string path)
    {
        var bundle = TestBundle.Create(4);
        var salt = new byte[Commitment.SaltSize];
        var commitment = Commitment.Compute(salt, (JsonNode?)null);

        // Build a one-leaf log by hand whose detail value is JSON null.
        var leaf = new LedgerLeaf("evt_n", 1, "org_acme", "t", "low", "2025-01-01T00:00:00.000Z", "a", null,
            new Dictionary<string, string> { ["gone"] = commitment });
        var tree = new InMemoryMerkleTree();
        tree.Add(leaf.Hash());
        var note = TestBundle.LogKey.Sign(new Checkpoint(TestBundle.DefaultOrigin, 1, tree.Root(1)).ToBody());
        var line = "{\"leafIndex\":0,\"event\":{\"id\":\"evt_n\",\"seq\":1,\"org\":\"org_acme\",\"eventType\":\"t\",\"severity\":\"low\","
            + "\"recordedAt\":\"2025-01-01T00:00:00.000Z\",\"actor\":\"a\",\"source\":null},"
            + $"\"details\":{{\"gone\":{{\"commitment\":\"{commitment}\",\"value\":null,\"salt\":\"{Convert.ToBase64String(salt)}\"}}}},"
            + $"\"leafHash\":\"{Convert.ToBase64String(leaf.Hash())}\",\"inclusionProof\":[]}}";
        bundle.EditHeader(h => h with
        {
            Checkpoint = note,
            TreeSize = 1,
            RootHash = Convert.ToBase64String(tree.Root(1)),
            LastLeafIndex = 0,
            Count = 1,
        });
        bundle.Lines.Clear();
        bundle.Lines.Add(line);

        var report = bundle.Verify(path);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
    }

    private static void FlipProof(JsonObject line, int element)
    {
        var proof = line["inclusionProof"]!.AsArray();
        var at = element < 0 ? proof.Count + element : element;
        proof[at] = TestBundle.Flip(proof[at]!.GetValue<string>(), 131);
    }

    private static EvidenceReport AssertFails(string path, TestBundle bundle, long? leafIndex, string reason)
    {
        var report = bundle.Verify(path);
        Assert.False(report.Ok, "the bundle verified");
        Assert.NotNull(report.FirstFailure);
        Assert.Contains(reason, report.FirstFailure.Reason, StringComparison.Ordinal);
        Assert.Equal(leafIndex, report.FirstFailure.LeafIndex);
        return report;
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>Returns at most a few bytes per read, as a pipe or a socket may.</summary>
    private sealed class TrickleStream(byte[] data, int piece) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, piece));
    }
}
