using System.Text;
using System.Text.Json;
using Mudbase.Ledger.Evidence;

namespace Mudbase.Ledger.Tests.Evidence;

public sealed class EvidenceLeafHasherTests
{
    private static readonly string Commitment = Convert.ToBase64String(new byte[32]);

    [Theory]
    [InlineData("plain", null)]
    [InlineData("quote \" and backslash \\", "203.0.113.10")]
    [InlineData("controls \t\n\r\b\f \u0001 \u001f", "tab\t")]
    [InlineData("non-ASCII é ☃ 😀 \ue000", "ü")]
    [InlineData("html <script>&'+", "+")]
    public void TheLeafRebuiltFromTheLineBytesHashesLikeTheLedgerLeaf(string text, string? source)
    {
        // Names ordered by UTF-16 code units differ from UTF-8 byte order: 😀 (a surrogate pair) sorts before \ue000.
        var commitments = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["\ue000"] = Commitment,
            ["😀"] = Commitment,
            ["b"] = "not base64 at all",
            ["a\"x"] = Commitment,
            ["é"] = Commitment,
        };
        var leaf = new LedgerLeaf("evt_" + text, 7, "org_" + text, "type_" + text, "high", "2025-01-01T00:00:00.000Z " + text,
            "user:" + text, source, commitments);
        var details = commitments.ToDictionary(p => p.Key, p => new EvidenceDetail(p.Value, Erased: true), StringComparer.Ordinal);
        var evidence = new EvidenceEvent(leaf.Id, leaf.Seq, leaf.Org, leaf.EventType, leaf.Severity, leaf.RecordedAt, leaf.Actor, leaf.Source);
        var line = JsonSerializer.SerializeToUtf8Bytes(
            new EvidenceRecord(6, evidence, details, Convert.ToBase64String(leaf.Hash()), []), EvidenceJsonContext.Default.EvidenceRecord);

        var record = new ParsedRecord();
        Assert.True(EvidenceRecordReader.TryRead(line, record, out var error), error);
        var hasher = new EvidenceLeafHasher();
        var hash = new byte[32];
        hasher.Hash(record, hash);

        Assert.Equal(Convert.ToBase64String(leaf.Hash()), Convert.ToBase64String(hash));
        Assert.Equal(leaf.Id, record.Id);
        Assert.Equal(leaf.Org, record.Org);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    public void DetailsAreSortedByTheOrdinalOrderOfTheirNamesOnBothSidesOfTheInsertionSortLimit(int count)
    {
        string[] alphabet = ["a", "b", "B", "é", "😀", "\ue000", "_", "aa", "a\"x", "0"];
        var random = new Random(count);
        for (var round = 0; round < 20; round++)
        {
            var record = new ParsedRecord();
            var details = new List<ParsedDetail>();
            for (var i = 0; i < count; i++)
            {
                var name = alphabet[random.Next(alphabet.Length)] + alphabet[random.Next(alphabet.Length)] + i;
                details.Add(record.AddDetail(name, Utf8Slice.Absent));
            }

            var expected = details.Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
            EvidenceLeafHasher.SortByName(details);

            Assert.Equal(expected, details.Select(d => d.Name));
        }
    }

    [Fact]
    public void AnEscapedLoneSurrogateInAnEventFieldIsRefusedAsUnreadable()
    {
        var line = Encoding.UTF8.GetBytes(
            "{\"leafIndex\":0,\"event\":{\"id\":\"evt_\\ud800\",\"seq\":1,\"org\":\"o\",\"eventType\":\"t\",\"severity\":\"low\","
            + "\"recordedAt\":\"r\",\"actor\":\"a\",\"source\":null},\"details\":{},\"leafHash\":\"" + Commitment + "\",\"inclusionProof\":[]}");

        Assert.False(EvidenceRecordReader.TryRead(line, new ParsedRecord(), out var error));
        Assert.Contains("unreadable", error);
    }
}
