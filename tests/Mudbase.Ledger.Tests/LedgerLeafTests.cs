using System.Security.Cryptography;
using System.Text;

namespace Mudbase.Ledger.Tests;

public sealed class LedgerLeafTests
{
    private static readonly LedgerLeaf Sample = new(
        Id: "01JH8Z3K4M5N6P7Q8R9S0T1V2W",
        Seq: 42,
        Org: "acme",
        EventType: "auth.login_failed",
        Severity: "high",
        RecordedAt: "2025-03-14T09:26:53.589Z",
        Actor: "user:\"eve\"",
        Source: "sso/eu-1",
        Details: new Dictionary<string, string>
        {
            ["userAgent"] = "cmt-ua",
            ["ip"] = "cmt-ip",
            ["Reason"] = "cmt-reason",
            ["ém"] = "cmt-em",
        });

    [Fact]
    public void CanonicalJsonOfAFixedLeafIsExactlyTheExpectedBytes()
    {
        const string expected =
            "{\"actor\":\"user:\\\"eve\\\"\",\"details\":{\"Reason\":\"cmt-reason\",\"ip\":\"cmt-ip\",\"userAgent\":\"cmt-ua\",\"ém\":\"cmt-em\"},"
            + "\"eventType\":\"auth.login_failed\",\"id\":\"01JH8Z3K4M5N6P7Q8R9S0T1V2W\",\"org\":\"acme\","
            + "\"recordedAt\":\"2025-03-14T09:26:53.589Z\",\"seq\":42,\"severity\":\"high\",\"source\":\"sso/eu-1\",\"v\":1}";
        Assert.Equal(expected, Encoding.UTF8.GetString(Sample.ToCanonicalJson()));
    }

    [Fact]
    public void CanonicalJsonEqualsTheGeneralCanonicaliserOnTheSameObject()
    {
        var leaf = Sample with { Source = null, Seq = 9007199254740991 };
        var node = new System.Text.Json.Nodes.JsonObject
        {
            ["v"] = LedgerLeaf.Version,
            ["id"] = leaf.Id,
            ["seq"] = leaf.Seq,
            ["org"] = leaf.Org,
            ["eventType"] = leaf.EventType,
            ["severity"] = leaf.Severity,
            ["recordedAt"] = leaf.RecordedAt,
            ["actor"] = leaf.Actor,
            ["source"] = null,
            ["details"] = new System.Text.Json.Nodes.JsonObject(
                leaf.Details.Select(d => KeyValuePair.Create(d.Key, (System.Text.Json.Nodes.JsonNode?)d.Value))),
        };
        Assert.Equal(CanonicalJson.Serialize(node), leaf.ToCanonicalJson());
    }

    [Fact]
    public void MissingSourceIsJsonNullAndNoDetailsIsAnEmptyObject()
    {
        var leaf = Sample with { Source = null, Details = new Dictionary<string, string>() };
        var json = Encoding.UTF8.GetString(leaf.ToCanonicalJson());
        Assert.Contains("\"source\":null,", json);
        Assert.Contains("\"details\":{},", json);
    }

    [Fact]
    public void HashIsTheRfc9162LeafHashOfTheCanonicalJson()
    {
        Assert.Equal(SHA256.HashData([0x00, .. Sample.ToCanonicalJson()]), Sample.Hash());
    }

    [Fact]
    public void AnyChangedFieldChangesTheHash()
    {
        var original = Sample.Hash();
        LedgerLeaf[] variants =
        [
            Sample with { Id = "x" }, Sample with { Seq = 43 }, Sample with { Org = "acmf" },
            Sample with { EventType = "x" }, Sample with { Severity = "low" }, Sample with { RecordedAt = "x" },
            Sample with { Actor = "x" }, Sample with { Source = null },
            Sample with { Details = new Dictionary<string, string>(Sample.Details) { ["ip"] = "cmt-ip2" } },
        ];
        foreach (var variant in variants)
        {
            Assert.NotEqual(original, variant.Hash());
        }
    }

    [Fact]
    public void InvalidLeavesAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (Sample with { Seq = -1 }).ToCanonicalJson());
        Assert.Throws<ArgumentOutOfRangeException>(() => (Sample with { Seq = 9007199254740992 }).ToCanonicalJson());
        Assert.Throws<ArgumentException>(() => (Sample with { Actor = null! }).ToCanonicalJson());
        Assert.Throws<ArgumentException>(() => (Sample with { Org = "a\ud800" }).ToCanonicalJson());
        Assert.Throws<ArgumentException>(() =>
            (Sample with { Details = new Dictionary<string, string> { ["k"] = null! } }).ToCanonicalJson());
    }
}
