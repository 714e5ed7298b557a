using System.Text;
using System.Text.Json.Nodes;
using Mudbase.Ledger.Evidence;

namespace Mudbase.Ledger.Tests.Evidence;

public sealed class ProofArrayScannerTests
{
    private const int TreeSize = 50;
    private const long Target = 21;

    [Fact]
    public void APlainAuditPathIsScannedIntoTheSameBytesAsItsBase64Elements()
    {
        var bundle = TestBundle.Create(TreeSize);
        var line = bundle.Lines[bundle.LineOf(Target)];

        var (end, record) = Scan(line);

        Assert.Equal(line.LastIndexOf(']') + 1, end);
        AssertProofOf(line, record);
    }

    [Fact]
    public void ElementsRepeatedFromThePreviousLineKeepTheirBytesAndNewOnesAreDecoded()
    {
        var bundle = TestBundle.Create(TreeSize);
        var record = new ParsedRecord();
        foreach (var leaf in new long[] { 20, 21, 22, 40 })
        {
            var line = bundle.Lines[bundle.LineOf(leaf)];

            var end = ProofArrayScanner.TryScan(Encoding.UTF8.GetBytes(line), NameEnd(line), record);

            Assert.True(end > 0, $"leaf {leaf}");
            AssertProofOf(line, record);
        }
    }

    [Fact]
    public void ArraysWithoutWhitespaceThatEndLikeThePreviousLinesKeepEveryElementsBytes()
    {
        var bundle = TestBundle.Create(TreeSize);
        var record = new ParsedRecord();
        foreach (var leaf in new long[] { 20, 21, 22, 23, 24, 40, 41, 3, 49, 48 })
        {
            var line = bundle.Lines[bundle.LineOf(leaf)];

            var end = ProofArrayScanner.TryScan(Encoding.UTF8.GetBytes(line), NameEnd(line), record, whitespace: false);

            Assert.Equal(line.LastIndexOf(']') + 1, end);
            AssertProofOf(line, record);
        }
    }

    [Fact]
    public void AScanThatGivesUpAfterDecodingNewElementsLeavesNoStaleArrayBehind()
    {
        var bundle = TestBundle.Create(TreeSize);
        var record = new ParsedRecord();
        var good = bundle.Lines[bundle.LineOf(20)];
        var other = bundle.Lines[bundle.LineOf(37)];
        Assert.NotEqual(ElementsOf(good)[0], ElementsOf(other)[0]);

        // The other line's first elements are decoded into the record, then its last element is broken.
        var broken = other[..(other.LastIndexOf('"') - 2)] + "!!\"]}";
        Assert.True(ProofArrayScanner.TryScan(Encoding.UTF8.GetBytes(good), NameEnd(good), record, whitespace: false) > 0);
        Assert.Equal(-1, ProofArrayScanner.TryScan(Encoding.UTF8.GetBytes(broken), NameEnd(broken), record, whitespace: false));
        var end = ProofArrayScanner.TryScan(Encoding.UTF8.GetBytes(good), NameEnd(good), record, whitespace: false);

        Assert.True(end > 0);
        AssertProofOf(good, record);
    }

    [Fact]
    public void WithoutWhitespaceAllowedAnArrayWithWhitespaceIsLeftToTheReader()
    {
        var line = TestBundle.Create(TreeSize).Lines[(int)Target].Replace("\",\"", "\", \"", StringComparison.Ordinal);

        Assert.Equal(-1, ProofArrayScanner.TryScan(Encoding.UTF8.GetBytes(line), NameEnd(line), new ParsedRecord(), whitespace: false));
        Assert.True(Scan(line).End > 0);
    }

    [Fact]
    public void EscapedCharactersAndWhitespaceBetweenTokensAreScanned()
    {
        var hash = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 251)).ToArray();
        var text = Convert.ToBase64String(hash);
        Assert.Contains('+', text);
        Assert.Contains('/', text);
        var escaped = text.Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal);
        var line = $"{{\"inclusionProof\" : [ \"{escaped}\" ,\t\"{text}\"\r\n] , \"leafIndex\":1}}";

        var (end, record) = Scan(line);

        Assert.Equal(line.IndexOf(']') + 1, end);
        Assert.Equal(2, record.ProofLength);
        Assert.Equal([.. hash, .. hash], record.Proof.AsSpan(0, 64).ToArray());
    }

    [Fact]
    public void AnEmptyArrayIsAnAuditPathOfNoElements()
    {
        var (end, record) = Scan("{\"inclusionProof\":[ ]}");

        Assert.Equal(21, end);
        Assert.Equal(0, record.ProofLength);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("[\"AAAA\"]")]
    [InlineData("[\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\"]")]
    [InlineData("[\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",]")]
    [InlineData("[\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\" \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"]")]
    [InlineData("[\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\\\"=\"]")]
    [InlineData("[\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"")]
    [InlineData("{}")]
    [InlineData("null")]
    public void AnythingButAnArrayOfHashStringsIsLeftToTheJsonReader(string array)
    {
        var (end, _) = Scan("{\"inclusionProof\":" + array + "}");

        Assert.Equal(-1, end);
    }

    [Fact]
    public void MoreElementsThanAnyAuditPathHasAreLeftToTheJsonReader()
    {
        var element = "\"" + Convert.ToBase64String(new byte[32]) + "\"";
        var (end, _) = Scan("{\"inclusionProof\":[" + string.Join(',', Enumerable.Repeat(element, 64)) + "]}");

        Assert.Equal(-1, end);
    }

    [Fact]
    public void ABundleWithItsAuditPathsFirstAndSpacedOutVerifies()
    {
        var bundle = TestBundle.Create(TreeSize);
        for (var i = 0; i < bundle.Lines.Count; i++)
        {
            var line = JsonNode.Parse(bundle.Lines[i])!.AsObject();
            var proof = line["inclusionProof"]!.DeepClone();
            line.Remove("inclusionProof");
            var rest = line.ToJsonString();
            bundle.Lines[i] = "{ \"inclusionProof\" : " + proof.ToJsonString().Replace(",", " , ", StringComparison.Ordinal) + " ," + rest[1..];
        }

        var report = bundle.Verify();

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(TreeSize, report.EventsVerified);
    }

    [Fact]
    public void AMemberRepeatedAfterAScannedAuditPathIsRefused()
    {
        var bundle = TestBundle.Create(TreeSize);
        var at = bundle.LineOf(Target);
        var line = bundle.Lines[at];
        var proof = line.IndexOf(",\"inclusionProof\"", StringComparison.Ordinal);
        bundle.Lines[at] = "{" + line[(proof + 1)..^1] + "," + line[1..proof] + ",\"leafHash\":\"x\"}";

        AssertFails(bundle, $"line {Target + 2}: leafHash appears twice");
    }

    [Fact]
    public void TextAfterAScannedAuditPathMustStillBeJson()
    {
        var bundle = TestBundle.Create(TreeSize);
        var at = bundle.LineOf(Target);
        bundle.Lines[at] = bundle.Lines[at][..^1] + " x}";

        AssertFails(bundle, $"line {Target + 2}: the line is not valid JSON");
    }

    [Fact]
    public void AnElementThatIsNotAHashIsStillNamedByItsPosition()
    {
        var bundle = TestBundle.Create(TreeSize).Edit(Target, line => line["inclusionProof"]![3] = "c2hvcnQ=");

        AssertFails(bundle, $"line {Target + 2}: inclusionProof[3] is not the base64 of a 32-byte hash");
    }

    [Fact]
    public void ATrailingCommaInTheAuditPathIsInvalidJson()
    {
        var bundle = TestBundle.Create(TreeSize);
        var at = bundle.LineOf(Target);
        bundle.Lines[at] = bundle.Lines[at][..^2] + ",]}";

        AssertFails(bundle, $"line {Target + 2}: the line is not valid JSON");
    }

    [Fact]
    public void AnAlteredElementRepeatedOnTheNextLineIsCaughtAtTheFirst()
    {
        // The top element is shared by every leaf of the left half: altering it on two neighbours fails at the first.
        var bundle = TestBundle.Create(TreeSize);
        foreach (var leaf in new long[] { Target, Target + 1 })
        {
            bundle.Edit(leaf, line =>
            {
                var proof = line["inclusionProof"]!.AsArray();
                proof[^1] = TestBundle.Flip(proof[^1]!.GetValue<string>(), 9);
            });
        }

        AssertFails(bundle, "inclusion proof");
    }

    [Fact]
    public void ACommitmentOrSaltIsScannedWithItsEscapesAndSpacingIntoTheSameBytes()
    {
        var hash = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 251)).ToArray();
        var escaped = Convert.ToBase64String(hash).Replace("+", "\\u002B", StringComparison.Ordinal);
        var line = Encoding.UTF8.GetBytes($"\"salt\" :  \"{escaped}\" }}");
        var destination = new byte[32];

        var end = ProofArrayScanner.TryScanHash(line, 6, destination);

        Assert.Equal(line.Length - 2, end);
        Assert.Equal(hash, destination);
    }

    [Theory]
    [InlineData(":null}")]
    [InlineData(":\"c2hvcnQ=\"}")]
    [InlineData(":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=}")]
    [InlineData(":[]}")]
    public void ACommitmentOrSaltThatIsNotAPlainHashIsLeftToTheJsonReader(string value) =>
        Assert.Equal(-1, ProofArrayScanner.TryScanHash(Encoding.UTF8.GetBytes("\"salt\"" + value), 6, new byte[32]));

    [Fact]
    public void ABundleWithSpacedOutDetailsVerifiesAndTextAfterAScannedSaltMustStillBeJson()
    {
        var bundle = TestBundle.Create(TreeSize);
        for (var i = 0; i < bundle.Lines.Count; i++)
        {
            bundle.Lines[i] = bundle.Lines[i]
                .Replace("\"salt\":", "\"salt\" : ", StringComparison.Ordinal)
                .Replace("\"commitment\":", " \"commitment\"\t:", StringComparison.Ordinal);
        }

        var report = bundle.Verify();
        Assert.True(report.Ok, report.FirstFailure?.Reason);

        var at = bundle.LineOf(Target);
        var salt = bundle.Lines[at].IndexOf("\"salt\"", StringComparison.Ordinal);
        var close = bundle.Lines[at].IndexOf('"', bundle.Lines[at].IndexOf('"', salt + 7) + 1);
        bundle.Lines[at] = bundle.Lines[at][..(close + 1)] + " x" + bundle.Lines[at][(close + 1)..];
        AssertFails(bundle, $"line {Target + 2}: the line is not valid JSON");
    }

    private static void AssertFails(TestBundle bundle, string reason)
    {
        var report = bundle.Verify();

        Assert.False(report.Ok);
        Assert.Equal(Target, report.FirstFailure!.LeafIndex);
        Assert.Contains(reason, report.FirstFailure.Reason, StringComparison.Ordinal);
    }

    /// <summary>The record holds exactly the audit path of <paramref name="line"/>, element by element.</summary>
    private static void AssertProofOf(string line, ParsedRecord record)
    {
        var expected = ElementsOf(line);
        Assert.Equal(expected.Length, record.ProofLength);
        Assert.Equal(expected.SelectMany(e => e).ToArray(), record.Proof.AsSpan(0, record.ProofLength * 32).ToArray());
    }

    private static (int End, ParsedRecord Record) Scan(string line)
    {
        var record = new ParsedRecord();
        return (ProofArrayScanner.TryScan(Encoding.UTF8.GetBytes(line), NameEnd(line), record), record);
    }

    private static int NameEnd(string line) =>
        Encoding.UTF8.GetByteCount(line[..(line.IndexOf("\"inclusionProof\"", StringComparison.Ordinal) + "\"inclusionProof\"".Length)]);

    private static byte[][] ElementsOf(string line) =>
        [.. JsonNode.Parse(line)!["inclusionProof"]!.AsArray().Select(e => Convert.FromBase64String(e!.GetValue<string>()))];
}
