using System.Security.Cryptography;
using System.Text;

namespace Mudbase.Ledger.Tests;

public sealed class DetailSaltTests
{
    private static readonly byte[] Secret = Enumerable.Range(7, DetailSalt.SecretSize).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData("userId")]
    [InlineData("ipAddress")]
    [InlineData("ключ ✓")]
    [InlineData("")]
    public void TheSaltIsHkdfExpandOfTheSecretWithTheLabelAndKeyAsInfo(string key)
    {
        var expected = new byte[32];
        HKDF.Expand(HashAlgorithmName.SHA256, Secret, expected, [.. "mudbase detail salt\0"u8, .. Encoding.UTF8.GetBytes(key)]);

        Assert.Equal(expected, DetailSalt.Derive(Secret, key));
    }

    [Fact]
    public void AKeyLongerThanTheStackBufferDerivesTheSameWayAsTheFramework()
    {
        var key = new string('ü', 200);
        var expected = new byte[32];
        HKDF.Expand(HashAlgorithmName.SHA256, Secret, expected, [.. "mudbase detail salt\0"u8, .. Encoding.UTF8.GetBytes(key)]);

        Assert.Equal(expected, DetailSalt.Derive(Secret, key));
    }

    [Fact]
    public void EveryKeyAndEverySecretGetsItsOwnSalt()
    {
        var other = DetailSalt.NewSecret();

        Assert.NotEqual(DetailSalt.Derive(Secret, "userId"), DetailSalt.Derive(Secret, "userid"));
        Assert.NotEqual(DetailSalt.Derive(Secret, "userId"), DetailSalt.Derive(other, "userId"));
        Assert.Equal(DetailSalt.SecretSize, other.Length);
    }

    [Fact]
    public void ASecretOfTheWrongLengthIsRefused() =>
        Assert.Throws<ArgumentException>(() => DetailSalt.Derive(new byte[16], "userId"));

    [Fact]
    public void ManyKeysAtOnceGetTheSaltsEachKeyGetsAlone()
    {
        string[] keys = ["userId", "ipAddress", "", "ключ ✓", new string('ü', 200), "userId", "a"];
        var salts = new byte[keys.Length * 32 + 5];

        DetailSalt.Derive(Secret, keys, salts);

        for (var i = 0; i < keys.Length; i++)
            Assert.Equal(DetailSalt.Derive(Secret, keys[i]), salts.AsSpan(i * 32, 32).ToArray());
        Assert.All(salts[^5..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void ManyKeysNeedRoomForEverySalt() =>
        Assert.Throws<ArgumentException>(() => DetailSalt.Derive(Secret, ["userId", "ipAddress"], new byte[63]));

    [Fact]
    public void NoKeysWriteNothing()
    {
        var salts = new byte[4];
        DetailSalt.Derive(Secret, ReadOnlySpan<string>.Empty, salts);
        Assert.All(salts, b => Assert.Equal(0, b));
    }
}
