namespace Mudbase.Ledger.Tests;

public sealed class CompactRangeTests
{
    [Fact]
    public void RootEqualsInMemoryTreeRootForEverySizeUpTo300()
    {
        var range = new CompactRange();
        Assert.Equal(Reference.Tree.Root(0), range.Root());
        for (var size = 1; size <= Reference.MaxLeaves; size++)
        {
            range.Append(Reference.Leaves[size - 1]);
            Assert.Equal(size, range.Size);
            Assert.Equal(Reference.Tree.Root(size), range.Root());
        }
    }

    [Fact]
    public void NodeCallbacksReportExactlyEveryPerfectSubtreeOnceWithItsHash()
    {
        var range = new CompactRange();
        var reported = new Dictionary<NodeId, byte[]>();
        for (var size = 1; size <= Reference.MaxLeaves; size++)
        {
            var thisAppend = new List<NodeId>();
            range.Append(Reference.Leaves[size - 1], (node, hash) =>
            {
                thisAppend.Add(node);
                Assert.True(reported.TryAdd(node, hash), $"{node} reported twice");
            });

            // The nodes this leaf completes are the ones ending at it, reported from the bottom up.
            var expected = new List<NodeId>();
            for (var level = 1; size % (1 << level) == 0; level++)
            {
                expected.Add(new NodeId(level, (size >> level) - 1));
            }

            Assert.Equal(expected, thisAppend);
        }

        var all = new List<NodeId>();
        for (var level = 1; 1 << level <= Reference.MaxLeaves; level++)
        {
            for (long index = 0; (index + 1) << level <= Reference.MaxLeaves; index++)
            {
                all.Add(new NodeId(level, index));
            }
        }

        Assert.Equal(all.Count, reported.Count);
        foreach (var node in all)
        {
            Assert.Equal(Reference.Mth(Reference.Leaves, node.Start, node.End), reported[node]);
        }
    }

    [Fact]
    public void FrontierHasOneRootPerSetBitAndResumingFromItGivesTheSameTree()
    {
        var range = new CompactRange();
        for (var size = 0; size < 130; size++)
        {
            var frontier = range.Frontier;
            Assert.Equal(System.Numerics.BitOperations.PopCount((uint)size), frontier.Count);

            var expectedStarts = MerkleRanges.Decompose(0, size);
            for (var i = 0; i < frontier.Count; i++)
            {
                Assert.Equal(Reference.Mth(Reference.Leaves, expectedStarts[i].Start, expectedStarts[i].End), frontier[i]);
            }

            var resumed = CompactRange.FromFrontier(size, frontier);
            Assert.Equal(range.Root(), resumed.Root());
            resumed.Append(Reference.Leaves[size]);
            range.Append(Reference.Leaves[size]);
            Assert.Equal(range.Root(), resumed.Root());
            Assert.Equal(range.Size, resumed.Size);
        }
    }

    [Fact]
    public void FrontierIsACopySoChangingItDoesNotChangeTheRange()
    {
        var range = new CompactRange();
        range.Append(Reference.Leaves[0]);
        var root = range.Root();
        range.Frontier[0][0] ^= 0xFF;
        Assert.Equal(root, range.Root());
    }

    [Fact]
    public void FrontierOfTheWrongShapeIsRejected()
    {
        var hash = Reference.Leaves[0];
        Assert.Throws<ArgumentException>(() => CompactRange.FromFrontier(3, [hash]));
        Assert.Throws<ArgumentException>(() => CompactRange.FromFrontier(3, [hash, hash, hash]));
        Assert.Throws<ArgumentException>(() => CompactRange.FromFrontier(1, [hash[..31]]));
        Assert.Throws<ArgumentException>(() => CompactRange.FromFrontier(0, [hash]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompactRange.FromFrontier(-1, []));
        Assert.Equal(0, CompactRange.FromFrontier(0, []).Size);
    }

    [Fact]
    public void LeafHashOfTheWrongLengthIsRejected()
    {
        var range = new CompactRange();
        Assert.Throws<ArgumentException>(() => range.Append(new byte[33]));
        Assert.Equal(0, range.Size);
    }

    [Fact]
    public void VeryLargeSizesResumeFromTheirFrontier()
    {
        // Size 2^40 - 1 needs 40 frontier hashes; appending one more leaf merges them all into one root.
        const long size = (1L << 40) - 1;
        var frontier = Enumerable.Range(0, 40).Select(i => Reference.Leaves[i]).ToArray();
        var range = CompactRange.FromFrontier(size, frontier);
        var completed = new List<NodeId>();
        range.Append(Reference.Leaves[40], (node, _) => completed.Add(node));
        Assert.Equal(40, completed.Count);
        Assert.Equal(new NodeId(40, 0), completed[^1]);
        Assert.Single(range.Frontier);

        var expected = Reference.Leaves[40];
        for (var i = 39; i >= 0; i--)
        {
            expected = Reference.Node(frontier[i], expected);
        }

        Assert.Equal(expected, range.Root());
    }
}
