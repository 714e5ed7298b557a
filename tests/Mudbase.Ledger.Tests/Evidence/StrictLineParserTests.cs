using System.Text;
using Mudbase.Ledger.Evidence;

namespace Mudbase.Ledger.Tests.Evidence;

public sealed class StrictLineParserTests
{
    private static readonly string Hash = Convert.ToBase64String(Enumerable.Range(1, 32).Select(b => (byte)b).ToArray());

    // '+' escaped as System.Text.Json writes it.
    private static readonly string EscapedHash = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\\u002B/8=";

    [Fact]
    public void EveryLineTheExporterWritesIsReadByTheFastPathExactlyAsTheJsonReaderReadsIt()
    {
        var bundle = TestBundle.Create(40, erased: i => i % 4 == 1, bigDetail: i => i == 9 ? 5000 : 0);

        foreach (var line in bundle.Lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.True(StrictLineParser.TryRead(bytes, new ParsedRecord()), line);
            AssertSameReading(bytes);
        }
    }

    [Theory]
    [InlineData("\"198.51.0.7\"")]
    [InlineData("\"\"")]
    [InlineData("\"é ☃ 😀\"")]
    [InlineData("\"\\u00e9 \\ud83d\\ude00 \\u2028 \\\" \\\\ \\/ \\t\"")]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456789")]
    [InlineData("-0")]
    [InlineData("-12")]
    [InlineData("1.0")]
    [InlineData("1e2")]
    [InlineData("0.1")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("[127,0,\"x\",[true,null],{}]")]
    [InlineData("{\"name\":\"Mozilla/5.0\",\"version\":[127,0]}")]
    [InlineData("{\"version\":[127,0],\"name\":\"Mozilla/5.0\"}")]
    [InlineData("{\"b\":{\"d\":1,\"c\":2},\"a\":[{\"z\":0,\"y\":1}]}")]
    [InlineData("{\"é\":1,\"z\":2,\"\\ue000\":3,\"😀\":4}")]
    [InlineData("{\"a\\u0062\":1,\"ab\":2}")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"B\":1,\"a\":2,\"_\":3}")]
    public void DetailValuesAreReadIntoTheSameCanonicalBytesOnBothPaths(string value)
    {
        var line = Encoding.UTF8.GetBytes(Line(value));

        AssertSameReading(line);
    }

    [Theory]
    [InlineData("\"198.51.0.7\"")]
    [InlineData("{\"name\":\"Mozilla/5.0\",\"version\":[127,0]}")]
    [InlineData("{\"version\":[127,0],\"name\":\"Mozilla/5.0\"}")]
    [InlineData("\"\\u00e9\\u002B\"")]
    [InlineData("1.0")]
    public void ValuesThatAreWellFormedAreReadWithoutTheLineReader(string value) =>
        Assert.True(StrictLineParser.TryRead(Encoding.UTF8.GetBytes(Line(value)), new ParsedRecord()));

    [Theory]
    [InlineData("{\"leafIndex\":", "{ \"leafIndex\":")]
    [InlineData(",\"seq\":4,", ",\"seq\":4 ,")]
    [InlineData("{\"leafIndex\":3,", "{\"extra\":1,\"leafIndex\":3,")]
    [InlineData("\"source\":null}", "\"source\":null,\"more\":true}")]
    [InlineData("\"leafIndex\":3", "\"leafIndex\":-3")]
    [InlineData("\"leafIndex\":3", "\"leafIndex\":03")]
    [InlineData("\"leafIndex\":3", "\"leafIndex\":3.0")]
    [InlineData("\"seq\":4", "\"seq\":99999999999999999999")]
    [InlineData("\"actor\":\"a\"", "\"actor\":\"a\u0001\"")]
    [InlineData("\"actor\":\"a\"", "\"actor\":\"\\ud800\"")]
    [InlineData("\"actor\":\"a\"", "\"actor\":7")]
    [InlineData("\"value\":VALUE", "\"value\":[1,]")]
    [InlineData("\"value\":VALUE", "\"value\":01")]
    [InlineData("\"value\":VALUE", "\"value\":{\"a\":1,\"a\":2}")]
    [InlineData("\"value\":VALUE", "\"value\":tru")]
    [InlineData("\"value\":VALUE", "\"value\":\"\\x\"")]
    [InlineData("\"inclusionProof\":[", "\"inclusionProof\":[\"short\",")]
    [InlineData("\"inclusionProof\":[", "\"inclusionProof\" : [")]
    [InlineData("]}", "]} ")]
    [InlineData("]}", "]}}")]
    [InlineData("\"details\":{\"v\":{", "\"details\":{\"v\":{\"commitment\":\"x\"},\"v\":{")]
    [InlineData("\"details\":{\"v\":{", "\"details\":{\"w\":{\"commitment\":\"COMMITMENT\",\"erased\":true},\"w\":{")]
    [InlineData(",\"salt\":", ",\"erased\":false,\"salt\":")]
    public void LinesOfAnyOtherShapeAreLeftToTheJsonReader(string find, string replace)
    {
        var text = Line("VALUE").Replace(find, replace, StringComparison.Ordinal).Replace("VALUE", "1", StringComparison.Ordinal)
            .Replace("COMMITMENT", Hash, StringComparison.Ordinal);
        Assert.NotEqual(Line("1"), text);

        Assert.False(StrictLineParser.TryRead(Encoding.UTF8.GetBytes(text), new ParsedRecord()), text);
    }

    [Fact]
    public void AnErasedDetailAndACarriageReturnAreReadOnBothPathsAlike()
    {
        var text = Line("1").Replace(
            "\"details\":{", $"\"details\":{{\"gone\":{{\"commitment\":\"{EscapedHash}\",\"erased\":true}},", StringComparison.Ordinal) + "\r";
        var line = Encoding.UTF8.GetBytes(text);

        Assert.True(StrictLineParser.TryRead(line, new ParsedRecord()));
        AssertSameReading(line);
    }

    [Fact]
    public void NoSingleByteChangeMakesTheFastPathReadALineOtherwiseThanTheJsonReader()
    {
        var original = Encoding.UTF8.GetBytes(TestBundle.Create(5).Lines[3]);
        byte[] replacements = [(byte)'"', (byte)'\\', (byte)' ', (byte)',', (byte)':', (byte)'}', (byte)']', (byte)'0', (byte)'9',
            (byte)'-', (byte)'e', (byte)'x', (byte)'u', 0x01, 0x7F, 0xC3, 0xFF];
        for (var at = 0; at < original.Length; at++)
        {
            var removed = original.Take(at).Concat(original.Skip(at + 1)).ToArray();
            AssertSameReading(removed);
            foreach (var replacement in replacements)
            {
                var changed = (byte[])original.Clone();
                changed[at] = replacement;
                AssertSameReading(changed);
            }
        }
    }

    [Fact]
    public void InTextOfSeveralLinesEachLineEndsWhereANewlineSearchWouldCutIt()
    {
        var lines = TestBundle.Create(3).Lines;
        var text = Encoding.UTF8.GetBytes($"{lines[0]}\n{lines[1]}\r\n{lines[2]}");
        var record = new ParsedRecord();

        Assert.True(StrictLineParser.TryRead(text, record, out var first));
        Assert.Equal(lines[0].Length, first);
        Assert.True(StrictLineParser.TryRead(text.AsSpan(first + 1), record, out var second));
        Assert.Equal(lines[1].Length + 1, second);
        Assert.True(StrictLineParser.TryRead(text.AsSpan(first + 1 + second + 1), record, out var third));
        Assert.Equal(lines[2].Length, third);
    }

    [Fact]
    public void ANewlineAnywhereInsideALineIsNeverReadAcross()
    {
        var line = Encoding.UTF8.GetBytes(TestBundle.Create(5).Lines[3]);
        var record = new ParsedRecord();
        for (var at = 1; at < line.Length; at++)
        {
            var text = line.Take(at).Append((byte)'\n').Concat(line.Skip(at)).ToArray();
            if (StrictLineParser.TryRead(text, record, out var length))
            {
                Assert.DoesNotContain((byte)'\n', text.Take(length));
                AssertSameReading(text[..length]);
            }
        }
    }

    /// <summary>When the fast path reads a line, the JSON reader must read it too, into exactly the same record.</summary>
    private static void AssertSameReading(byte[] line)
    {
        var fast = new ParsedRecord();
        if (!StrictLineParser.TryRead(line, fast))
        {
            return;
        }

        var slow = new ParsedRecord();
        Assert.True(EvidenceRecordReader.TryRead(line, slow, out var error), $"{error}: {Encoding.UTF8.GetString(line)}");
        Assert.Equal(Describe(slow), Describe(fast));
    }

    private static string Describe(ParsedRecord r)
    {
        var text = new StringBuilder()
            .Append($"leaf {r.LeafIndex} seq {r.Seq} hash {Convert.ToBase64String(r.LeafHash)}\n")
            .Append($"id {Slice(r, r.IdText)} org {Slice(r, r.OrgText)} type {Slice(r, r.EventTypeText)} severity {Slice(r, r.SeverityText)}\n")
            .Append($"at {Slice(r, r.RecordedAtText)} actor {Slice(r, r.ActorText)} source {Slice(r, r.SourceText)}\n")
            .Append($"proof {Convert.ToBase64String(r.Proof.AsSpan(0, r.ProofLength * MerkleHash.Size))}\n");
        for (var i = 0; i < r.DetailCount; i++)
        {
            var d = r.Detail(i);
            text.Append($"detail {d.Name} {Slice(r, d.NameText)} commitment {d.Commitment} ")
                .Append(d.HasCommitmentHash ? Convert.ToBase64String(d.CommitmentHash) : "-")
                .Append($" value {d.HasValue} {d.ValueIsNull} {Convert.ToHexString(d.CanonicalValue)}")
                .Append($" salt {(d.HasSalt ? Convert.ToBase64String(d.Salt) : "-")} erased {d.Erased}\n");
        }

        return text.ToString();
    }

    private static string Slice(ParsedRecord record, Utf8Slice slice) =>
        slice.IsPresent ? Convert.ToHexString(record.Text[slice]) : "absent";

    private static string Line(string value) =>
        "{\"leafIndex\":3,\"event\":{\"id\":\"evt_1\",\"seq\":4,\"org\":\"org_acme\",\"eventType\":\"t\",\"severity\":\"low\","
        + "\"recordedAt\":\"2025-01-01T00:00:00.000Z\",\"actor\":\"a\",\"source\":null},"
        + $"\"details\":{{\"v\":{{\"commitment\":\"{EscapedHash}\",\"value\":{value},\"salt\":\"{Hash}\"}}}},"
        + $"\"leafHash\":\"{Hash}\",\"inclusionProof\":[\"{EscapedHash}\",\"{Hash}\"]}}";
}
