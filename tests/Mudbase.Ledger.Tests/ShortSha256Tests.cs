using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Mudbase.Ledger.Tests;

public sealed class ShortSha256Tests
{
    [Fact]
    public void EveryLengthAndEverySplitHashesLikeTheFramework()
    {
        var data = new byte[300];
        new Random(13).NextBytes(data);
        Span<byte> actual = stackalloc byte[32];
        for (var length = 0; length <= data.Length; length += length < 130 ? 1 : 17)
        {
            var expected = SHA256.HashData(data.AsSpan(0, length));
            ShortSha256.Hash(data.AsSpan(0, length), actual);
            Assert.True(actual.SequenceEqual(expected), $"length {length}");
            foreach (var split in new[] { 0, Math.Min(1, length), length / 2, length })
            {
                ShortSha256.Hash(data.AsSpan(0, split), data.AsSpan(split, length - split), actual);
                Assert.True(actual.SequenceEqual(expected), $"length {length} split at {split}");
            }
        }
    }

    [Fact]
    public void TheFrameworkFallbackHashesLikeTheFrameworkAtEveryLengthAndSplit()
    {
        var data = new byte[200];
        new Random(15).NextBytes(data);
        Span<byte> actual = stackalloc byte[32];
        for (var length = 0; length <= data.Length; length += 7)
        {
            var expected = SHA256.HashData(data.AsSpan(0, length));
            foreach (var split in new[] { 0, length / 3, length })
            {
                ShortSha256.Fallback(data.AsSpan(0, split), data.AsSpan(split, length - split), actual);
                Assert.True(actual.SequenceEqual(expected), $"length {length} split at {split}");
            }
        }
    }

    [Fact]
    public void LeavesNodesAndCommitmentsAreTheRfc9162AndSaltedDigestsOfTheirInputs()
    {
        var data = new byte[5000];
        new Random(16).NextBytes(data);
        foreach (var length in new[] { 0, 1, 64, 1023, 1024, 1025, 5000 })
        {
            Assert.Equal(SHA256.HashData([0x00, .. data.AsSpan(0, length)]), MerkleHash.Leaf(data.AsSpan(0, length)));
        }

        Assert.Equal(SHA256.HashData([0x01, .. data.AsSpan(0, 64)]), MerkleHash.Node(data.AsSpan(0, 32), data.AsSpan(32, 32)));
        Assert.Equal(SHA256.HashData([]), MerkleHash.EmptyRoot());

        var salt = data.AsSpan(100, Commitment.SaltSize);
        var value = System.Text.Json.JsonDocument.Parse("{\"b\":1,\"a\":[true,null]}").RootElement;
        var expected = SHA256.HashData([.. salt, .. "{\"a\":[true,null],\"b\":1}"u8]);
        Assert.Equal(Convert.ToBase64String(expected), Commitment.Compute(salt, value));
    }

    [Fact]
    public void ADestinationShorterThanADigestIsRefused() =>
        Assert.Throws<ArgumentException>(() => ShortSha256.Hash([1, 2, 3], new byte[31]));

    [Fact]
    public void WhereOpenSsl3IsPresentItsLowLevelFunctionsAreUsed()
    {
        var present = OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libcrypto.so.3", out _);
        Assert.Equal(present, ShortSha256.UsesNative);
    }

    [Fact]
    public void AMessageCarriedOnFromAnAbsorbedFirstBlockHashesLikeTheFramework()
    {
        var data = new byte[64 + 200];
        new Random(17).NextBytes(data);
        var state = new byte[ShortSha256.StateSize];
        ShortSha256.Absorb(data.AsSpan(0, 64), state);
        var before = state.ToArray();
        Span<byte> actual = stackalloc byte[32];
        for (var rest = 0; rest <= 200; rest += 9)
        {
            ShortSha256.HashFrom(state, data.AsSpan(64, rest), actual);
            Assert.True(actual.SequenceEqual(SHA256.HashData(data.AsSpan(0, 64 + rest))), $"64 + {rest} bytes");
        }
        Assert.Equal(before, state);
    }

    [Fact]
    public void OnlyWholeBlocksAreAbsorbed() =>
        Assert.Throws<ArgumentException>(() => ShortSha256.Absorb(new byte[63], new byte[ShortSha256.StateSize]));
}
