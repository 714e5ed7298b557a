using System.Text.Json.Nodes;

namespace Mudbase.Ledger.Tests;

public sealed class LeafTemplateTests
{
    private static readonly LedgerLeaf Sample = new(
        Id: "evt_0353zVodOSjEXWl6jzTY86",
        Seq: 0,
        Org: "org_acme",
        EventType: "unauthorized_access_attempt",
        Severity: "critical",
        RecordedAt: "2026-11-26T00:13:24.885Z",
        Actor: "usr_\"quoted\"\n",
        Source: null,
        Details: new Dictionary<string, string> { ["userId"] = "cmt-user", ["ém"] = "cmt-em", ["Reason"] = "cmt-reason" });

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(42L)]
    [InlineData(1_000_000L)]
    [InlineData(9007199254740991L)]
    public void TemplateAtASequenceNumberEqualsTheLeafWithThatSequenceNumber(long seq)
    {
        var template = Sample.ToTemplate();
        var leaf = Sample with { Seq = seq };

        Assert.Equal(leaf.ToCanonicalJson(), template.ToCanonicalJson(seq));
        Assert.Equal(leaf.Hash(), template.Hash(seq));
    }

    [Fact]
    public void TemplateIgnoresTheSequenceNumberOfTheLeafItWasMadeFrom()
    {
        Assert.Equal((Sample with { Seq = 7 }).ToTemplate().Hash(3), Sample.ToTemplate().Hash(3));
    }

    [Fact]
    public void TemplateOfALargeLeafHashesLikeTheLeaf()
    {
        var details = Enumerable.Range(0, 32).ToDictionary(i => $"key{i:D2}", i => new string('x', 44));
        var leaf = Sample with { Details = details, Seq = 123456 };

        Assert.Equal(leaf.Hash(), leaf.ToTemplate().Hash(123456));
    }

    [Fact]
    public void TemplatesMadeOneAfterAnotherOnAThreadKeepTheirOwnBytes()
    {
        // The writer is reused per thread: a small leaf after a large one must not carry any of its bytes.
        var large = Sample with { Details = Enumerable.Range(0, 32).ToDictionary(i => $"key{i:D2}", i => new string('y', 44)) };
        var small = Sample with { Details = new Dictionary<string, string>() };
        var templates = new[] { large, small, large, Sample }.Select(leaf => leaf.ToTemplate()).ToList();

        Assert.Equal((large with { Seq = 5 }).ToCanonicalJson(), templates[0].ToCanonicalJson(5));
        Assert.Equal((small with { Seq = 5 }).ToCanonicalJson(), templates[1].ToCanonicalJson(5));
        Assert.Equal(templates[0].ToCanonicalJson(9), templates[2].ToCanonicalJson(9));
        Assert.Equal((Sample with { Seq = 5 }).Hash(), templates[3].Hash(5));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(9007199254740992L)]
    public void TemplateRejectsSequenceNumbersOutsideTheLeafRange(long seq)
    {
        var template = Sample.ToTemplate();

        Assert.Throws<ArgumentOutOfRangeException>(() => template.Hash(seq));
        Assert.Throws<ArgumentOutOfRangeException>(() => template.ToCanonicalJson(seq));
    }

    [Fact]
    public void StringObjectSerializesLikeTheGeneralCanonicaliser()
    {
        var members = new Dictionary<string, string> { ["b"] = "2", ["a\u0001"] = "x\"y", ["é"] = "\u20ac", ["A"] = "" };
        var node = new JsonObject();
        foreach (var (name, value) in members)
            node[name] = value;

        Assert.Equal(CanonicalJson.Serialize(node), CanonicalJson.SerializeObject(members));
    }
}
