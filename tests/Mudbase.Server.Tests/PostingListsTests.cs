using Mudbase.Server.Storage.Postings;

namespace Mudbase.Server.Tests;

/// <summary>The varint-gap encoding of the detail index's posting lists.</summary>
public sealed class PostingListsTests
{
    [Fact]
    public void AListComesBackAsItWentIn()
    {
        long[] sequences = [3, 4, 5, 9, 200, 201, 70_000, 70_001, 1L << 40];
        var part = Assert.Single(PostingLists.Encode(sequences));
        Assert.Equal((3L, 1L << 40), (part.First, part.Last));
        Assert.Equal(sequences, PostingLists.Decode(part));
    }

    [Fact]
    public void AnEmptyListHasNoPartAndOneNumberHasNoGaps()
    {
        Assert.Empty(PostingLists.Encode([]));
        var part = Assert.Single(PostingLists.Encode([42]));
        Assert.Equal((42L, 42L), (part.First, part.Last));
        Assert.Empty(part.Gaps);
        Assert.Equal([42L], PostingLists.Decode(part));
    }

    [Fact]
    public void ALongListIsCutIntoPartsOfAtMostTheLimitInOrder()
    {
        // Gaps of one, two and three bytes.
        var sequences = new List<long> { 1 };
        for (var i = 1; i < 5000; i++)
            sequences.Add(sequences[^1] + (i % 7 == 0 ? 1000 * i : 3));
        var parts = PostingLists.Encode(sequences);
        Assert.True(parts.Count > 5);
        Assert.All(parts, p => Assert.InRange(p.Gaps.Length, 1, PostingLists.MaxPartBytes));
        Assert.All(parts.Zip(parts.Skip(1)), pair => Assert.True(pair.First.Last < pair.Second.First));
        Assert.Equal(sequences, parts.SelectMany(PostingLists.Decode));
        // Gaps of one byte fill a part exactly: 640 gaps after the first number.
        Assert.Equal(641, PostingLists.Decode(PostingLists.Encode(Enumerable.Range(1, 2000).Select(i => (long)i).ToList())[0]).Count);
    }

    [Fact]
    public void TheLargestGapsFitAndANumberNeedingAFreshPartStartsOne()
    {
        long[] sequences = [1, long.MaxValue - 1, long.MaxValue];
        Assert.Equal(sequences, PostingLists.Decode(Assert.Single(PostingLists.Encode(sequences))));
        var parts = PostingLists.Encode([1, 2, 1L << 62], maxPartBytes: 9);
        Assert.Equal([(1L, 2L), (1L << 62, 1L << 62)], parts.Select(p => (p.First, p.Last)));
    }

    [Fact]
    public void RemovingANumberKeepsTheOthersInOnePartAndTheLastLeavesNone()
    {
        var part = PostingLists.Encode([5, 6, 300, 100_000]).Single();
        Assert.Equal([6L, 300, 100_000], PostingLists.Decode(PostingLists.Without(part, 5)!));
        Assert.Equal([5L, 6, 100_000], PostingLists.Decode(PostingLists.Without(part, 300)!));
        Assert.Equal([5L, 6, 300], PostingLists.Decode(PostingLists.Without(part, 100_000)!));
        var full = PostingLists.Encode(Enumerable.Range(1, 641).Select(i => (long)i * 100).ToList()).Single();
        Assert.Equal(640, PostingLists.Decode(PostingLists.Without(full, 32_000)!).Count);
        Assert.Null(PostingLists.Without(PostingLists.Encode([7]).Single(), 7));
    }

    [Fact]
    public void NumbersOutOfOrderAreRefused()
    {
        Assert.Throws<ArgumentException>(() => PostingLists.Encode([1, 3, 3]));
        Assert.Throws<ArgumentException>(() => PostingLists.Encode([4, 2]));
        Assert.Throws<ArgumentException>(() => PostingLists.Encode([0, 2]));
    }

    [Theory]
    [InlineData(new byte[] { 0x81 }, 2, "cut off")]
    [InlineData(new byte[] { 0x00 }, 1, "zero")]
    [InlineData(new byte[] { 0x01 }, 9, "end at 2")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, 2, "longer than")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, 2, "overflows")]
    public void ACorruptPartIsReportedClearly(byte[] gaps, long last, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => PostingLists.Decode(new PostingPart(1, last, gaps)));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("posting list part 1..", error.Message, StringComparison.Ordinal);
    }
}
