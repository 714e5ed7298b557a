using System.Text;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Tests;

public sealed class DetailCodecTests
{
    private static readonly byte[] SaltA = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] SaltB = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void OpeningsReadBackWithTheirKeysSaltsAndValueTextInTheOrderWritten()
    {
        var longText = new string('x', 300);
        var stored = DetailCodec.EncodeOpenings([
            new StoredOpening("zeta", SaltA, Encoding.UTF8.GetBytes("\"é\"")),
            new StoredOpening("ключ", SaltB, Encoding.UTF8.GetBytes($"{{\"a\":[1,null,\"{longText}\"]}}")),
        ]);

        var read = DetailCodec.DecodeOpenings(stored);

        Assert.Equal(["zeta", "ключ"], read.Select(o => o.Key));
        Assert.Equal(SaltA, read[0].Salt);
        Assert.Equal(SaltB, read[1].Salt);
        Assert.Equal("é", DetailCodec.Value(read[0].Value).GetString());
        Assert.Equal(longText, DetailCodec.Value(read[1].Value).GetProperty("a")[2].GetString());
    }

    [Fact]
    public void ErasingKeysKeepsTheOtherOpeningsByteForByte()
    {
        var stored = DetailCodec.EncodeOpenings([
            new StoredOpening("userId", SaltA, Encoding.UTF8.GetBytes("\"u1\"")),
            new StoredOpening("resource", SaltB, Encoding.UTF8.GetBytes("\"billing\"")),
        ]);

        var kept = EventDetails.Without(stored, ["userId"]);

        Assert.Equal(DetailCodec.EncodeOpenings([new StoredOpening("resource", SaltB, Encoding.UTF8.GetBytes("\"billing\""))]), kept);
        Assert.Equal(DetailCodec.NoOpenings, EventDetails.Without(kept, ["resource"]));
        Assert.Empty(DetailCodec.DecodeOpenings(DetailCodec.NoOpenings));
    }

    [Fact]
    public void JsonTextOfTheEarlierLayoutConvertsKeepingValueTextAndBase64()
    {
        var commitment = Convert.ToBase64String(SaltB);
        var json = $"{{\"Alpha\":\"{commitment}\",\"b\":\"{Convert.ToBase64String(SaltA)}\"}}";
        var secrets = $"{{\"b\":{{\"value\":1.50,\"salt\":\"{Convert.ToBase64String(SaltA)}\"}},\"Alpha\":{{\"value\":\"\\u00e9\",\"salt\":\"{commitment}\"}}}}";

        var commitments = DetailCodec.DecodeCommitments(LegacyDetailJson.Commitments(Encoding.UTF8.GetBytes(json)));
        var openings = DetailCodec.DecodeOpenings(LegacyDetailJson.Openings(Encoding.UTF8.GetBytes(secrets)));

        Assert.Equal([("Alpha", commitment), ("b", Convert.ToBase64String(SaltA))], commitments.Select(c => (c.Key, c.Text)));
        Assert.Equal(["b", "Alpha"], openings.Select(o => o.Key));
        Assert.Equal("1.50", Encoding.UTF8.GetString(openings[0].Value.Span));
        Assert.Equal("\"\\u00e9\"", Encoding.UTF8.GetString(openings[1].Value.Span));
        Assert.Equal(SaltB, openings[1].Salt);
        Assert.True(LegacyDetailJson.IsLegacy(Encoding.UTF8.GetBytes(json)));
        Assert.False(LegacyDetailJson.IsLegacy(DetailCodec.NoOpenings));
    }

    [Theory]
    [InlineData("{\"a\":\"AAAA\"}")]
    [InlineData("{\"a\":\"not base64 at all, not even close, 44 ch\"}")]
    public void ACommitmentThatIsNotThirtyTwoBytesOfCanonicalBase64RefusesToConvert(string json) =>
        Assert.ThrowsAny<Exception>(() => LegacyDetailJson.Commitments(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void TruncatedOrForeignBytesAreRejectedNotMisread()
    {
        var stored = DetailCodec.EncodeCommitments([new StoredCommitment("userId", SaltA)]);
        Assert.Throws<InvalidDataException>(() => DetailCodec.DecodeCommitments(stored[..^1]));
        Assert.Throws<InvalidDataException>(() => DetailCodec.DecodeCommitments(Encoding.UTF8.GetBytes("{}")));
        Assert.Throws<ArgumentException>(() => DetailCodec.EncodeCommitments([new StoredCommitment("userId", [1, 2, 3])]));
    }
}
