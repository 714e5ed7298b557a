using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mudbase.Ledger.Tests;

public sealed class CommitmentTests
{
    private static readonly byte[] Salt = Enumerable.Range(1, Commitment.SaltSize).Select(i => (byte)i).ToArray();

    [Fact]
    public void CommitmentIsBase64OfSha256OfSaltThenCanonicalJson()
    {
        var value = Parse("""{ "b": 2, "a": "x" }""");
        var expected = Convert.ToBase64String(SHA256.HashData([.. Salt, .. """{"a":"x","b":2}"""u8]));
        Assert.Equal(expected, Commitment.Compute(Salt, value));
    }

    [Theory]
    [InlineData("\"plain text\"")]
    [InlineData("\"caf\u00e9 \\u2028 \\\"quoted\\\" \\/ \\n\"")]
    [InlineData("\"caf\u00e9 ☕ 𝄞\"")]
    [InlineData("12345678901234567890")]
    [InlineData("-0")]
    [InlineData("true")]
    [InlineData("[\"a\",{\"b\":\"c\\u0000\"}]")]
    public void CommitmentEqualsTheDigestOfTheCanonicalSerialisation(string json)
    {
        // Strings without escapes are written from their raw UTF-8, escaped ones decoded: both as Serialize writes them.
        var value = Parse(json);
        var expected = Convert.ToBase64String(SHA256.HashData([.. Salt, .. CanonicalJson.Serialize(value)]));
        Assert.Equal(expected, Commitment.Compute(Salt, value));
        Assert.Equal(CanonicalJson.Serialize(JsonNode.Parse(json)), CanonicalJson.Serialize(value));
    }

    [Fact]
    public void ACommitmentAllocatesOnlyItsText()
    {
        var value = Parse("\"usr_3HjF6SCqdOmxz6 from 2667 Beryl Passage\"");
        Commitment.Compute(Salt, value); // compiled, and this thread's writer made
        var before = GC.GetAllocatedBytesForCurrentThread();
        var commitment = Commitment.Compute(Salt, value);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(44, commitment.Length);
        var textBefore = GC.GetAllocatedBytesForCurrentThread();
        _ = new string('x', 44);
        Assert.Equal(GC.GetAllocatedBytesForCurrentThread() - textBefore, allocated);
    }

    [Fact]
    public void AnEscapedLoneSurrogateHasNoCommitment()
    {
        Assert.Throws<ArgumentException>(() => Commitment.Compute(Salt, Parse("\"\\ud800\"")));
        // The writer reused afterwards starts empty.
        var value = Parse("\"x\"");
        Assert.Equal(Convert.ToBase64String(SHA256.HashData([.. Salt, .. "\"x\""u8])), Commitment.Compute(Salt, value));
    }

    [Fact]
    public void CommitmentVerifiesWithItsSaltAndValue()
    {
        var value = Parse("""{"ip":"203.0.113.9","attempts":3}""");
        var commitment = Commitment.Compute(Salt, value);
        Assert.True(Commitment.Verify(commitment, Salt, value));
        Assert.True(Commitment.Verify(commitment, Salt, Parse("""{ "attempts": 3.0, "ip": "203.0.113.9" }""")));
    }

    [Fact]
    public void CommitmentDoesNotVerifyAnotherValueOrSalt()
    {
        var commitment = Commitment.Compute(Salt, Parse("\"alice\""));
        Assert.False(Commitment.Verify(commitment, Salt, Parse("\"alicE\"")));
        Assert.False(Commitment.Verify(commitment, Salt, Parse("[\"alice\"]")));
        var otherSalt = (byte[])Salt.Clone();
        otherSalt[31] ^= 1;
        Assert.False(Commitment.Verify(commitment, otherSalt, Parse("\"alice\"")));
    }

    [Fact]
    public void MalformedCommitmentsAndSaltsDoNotVerify()
    {
        var value = Parse("1");
        var commitment = Commitment.Compute(Salt, value);
        Assert.False(Commitment.Verify(commitment[..^4], Salt, value));
        Assert.False(Commitment.Verify(" " + commitment, Salt, value));
        Assert.False(Commitment.Verify("not base64!", Salt, value));
        Assert.False(Commitment.Verify(string.Empty, Salt, value));
        Assert.False(Commitment.Verify(null!, Salt, value));
        Assert.False(Commitment.Verify(commitment, Salt.AsSpan(0, 31), value));
        Assert.Throws<ArgumentException>(() => Commitment.Compute(Salt.AsSpan(0, 16), value));
    }

    [Fact]
    public void NewSaltsAreFreshAndFullLength()
    {
        var a = Commitment.NewSalt();
        var b = Commitment.NewSalt();
        Assert.Equal(Commitment.SaltSize, a.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void SameValueUnderDifferentSaltsGivesUnlinkableCommitments()
    {
        var value = Parse("\"alice\"");
        Assert.NotEqual(Commitment.Compute(Commitment.NewSalt(), value), Commitment.Compute(Commitment.NewSalt(), value));
    }

    [Fact]
    public void NodeAndElementFormsOfAValueCommitAlike()
    {
        const string json = """{"user":"bob","n":[1,2.5]}""";
        Assert.Equal(
            Commitment.Compute(Salt, Parse(json)),
            Commitment.Compute(Salt, System.Text.Json.Nodes.JsonNode.Parse(json)));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
