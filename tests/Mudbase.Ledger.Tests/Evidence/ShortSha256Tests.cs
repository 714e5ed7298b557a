using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Mudbase.Ledger.Evidence;

namespace Mudbase.Ledger.Tests.Evidence;

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
    public void ADestinationShorterThanADigestIsRefused() =>
        Assert.Throws<ArgumentException>(() => ShortSha256.Hash([1, 2, 3], new byte[31]));

    [Fact]
    public void WhereOpenSsl3IsPresentItsLowLevelFunctionsAreUsed()
    {
        var present = OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libcrypto.so.3", out _);
        Assert.Equal(present, ShortSha256.UsesNative);
    }
}
