namespace Mudbase.Ledger.Tests;

public sealed class MerkleRangesTests
{
    [Theory]
    [InlineData(0, 0, "")]
    [InlineData(0, 1, "0:0")]
    [InlineData(0, 7, "2:0 1:2 0:6")]
    [InlineData(1, 4, "0:1 1:1")]
    [InlineData(3, 13, "0:3 2:1 2:2 0:12")]
    [InlineData(8, 16, "3:1")]
    public void DecomposeSplitsIntoMaximalAlignedSubtreesLeftToRight(long start, long end, string expected)
    {
        var nodes = MerkleRanges.Decompose(start, end);
        Assert.Equal(expected, string.Join(' ', nodes.Select(n => $"{n.Level}:{n.Index}")));
    }

    [Fact]
    public void DecomposeCoversTheRangeContiguouslyWithNodesThatCannotBeMerged()
    {
        for (long start = 0; start <= 70; start++)
        {
            for (var end = start; end <= 140; end++)
            {
                var nodes = MerkleRanges.Decompose(start, end);
                var at = start;
                for (var i = 0; i < nodes.Count; i++)
                {
                    Assert.Equal(at, nodes[i].Start);
                    at = nodes[i].End;
                    if (i > 0)
                    {
                        var previous = nodes[i - 1];
                        var mergeable = previous.Level == nodes[i].Level && previous.Index % 2 == 0;
                        Assert.False(mergeable, $"[{start},{end}) {previous} and {nodes[i]} should be one node");
                    }
                }

                Assert.Equal(end, at);
                Assert.True(nodes.Count <= 2 * 64);
            }
        }
    }

    [Fact]
    public void HashDecomposedEqualsTheMthOfEveryRangeAProofCanContain()
    {
        for (long size = 1; size <= 64; size++)
        {
            var ranges = new HashSet<(long, long)> { (0, size) };
            for (long index = 0; index < size; index++)
            {
                ranges.UnionWith(MerkleRanges.InclusionProofRanges(index, size));
            }

            for (long oldSize = 1; oldSize < size; oldSize++)
            {
                ranges.UnionWith(MerkleRanges.ConsistencyProofRanges(oldSize, size));
            }

            foreach (var (start, end) in ranges)
            {
                Assert.Equal(Reference.Mth(Reference.Leaves, start, end), HashRange(start, end));
            }
        }
    }

    [Fact]
    public void InclusionProofsAssembledFromStoredNodesEqualTheInMemoryTreeProofs()
    {
        for (long size = 1; size <= 64; size++)
        {
            for (long index = 0; index < size; index++)
            {
                var assembled = MerkleRanges.InclusionProofRanges(index, size).Select(r => HashRange(r.Start, r.End));
                Assert.Equal(Reference.Tree.InclusionProof(index, size), assembled);
            }
        }
    }

    [Fact]
    public void ConsistencyProofsAssembledFromStoredNodesEqualTheInMemoryTreeProofs()
    {
        for (long size = 0; size <= 64; size++)
        {
            for (long oldSize = 0; oldSize <= size; oldSize++)
            {
                var assembled = MerkleRanges.ConsistencyProofRanges(oldSize, size).Select(r => HashRange(r.Start, r.End));
                Assert.Equal(Reference.Tree.ConsistencyProof(oldSize, size), assembled);
            }
        }
    }

    [Fact]
    public void InclusionRangesOfAHugeTreePartitionEverythingButTheLeaf()
    {
        const long size = (1L << 45) + 123_456_789;
        foreach (var index in new[] { 0L, 1L, 123_456_788L, 1L << 44, size - 1, size - 2 })
        {
            var ranges = MerkleRanges.InclusionProofRanges(index, size);
            var tiles = ranges.Append((Start: index, End: index + 1)).OrderBy(r => r.Start).ToList();
            var at = 0L;
            foreach (var (start, end) in tiles)
            {
                Assert.Equal(at, start);
                Assert.True(end > start);
                at = end;
            }

            Assert.Equal(size, at);
            Assert.True(ranges.Count <= 46);
        }
    }

    [Fact]
    public void DegenerateRequestsGiveEmptyPlansAndInvalidOnesThrow()
    {
        Assert.Empty(MerkleRanges.InclusionProofRanges(0, 1));
        Assert.Empty(MerkleRanges.ConsistencyProofRanges(0, 10));
        Assert.Empty(MerkleRanges.ConsistencyProofRanges(10, 10));
        Assert.Equal(MerkleHash.EmptyRoot(), MerkleRanges.HashDecomposed([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleRanges.InclusionProofRanges(5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleRanges.InclusionProofRanges(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleRanges.ConsistencyProofRanges(6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleRanges.ConsistencyProofRanges(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleRanges.Decompose(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleRanges.Decompose(-1, 4));
    }

    // What a store does: look up each Decompose node (here computed from the leaves) and fold.
    private static byte[] HashRange(long start, long end) =>
        MerkleRanges.HashDecomposed(
            MerkleRanges.Decompose(start, end).Select(Reference.NodeHash).ToArray());
}
