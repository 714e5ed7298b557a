namespace Mudbase.Ledger.Tests;

public sealed class InMemoryMerkleTreeTests
{
    [Fact]
    public void RootForEverySizeUpTo300EqualsTheRecursiveDefinition()
    {
        for (var size = 0; size <= Reference.MaxLeaves; size++)
        {
            Assert.Equal(Reference.Mth(Reference.Leaves, 0, size), Reference.Tree.Root(size));
        }
    }

    [Fact]
    public void RootsOfEarlierSizesDoNotChangeAsTheTreeGrows()
    {
        var tree = new InMemoryMerkleTree();
        var roots = new List<byte[]> { tree.Root(0) };
        foreach (var leaf in Reference.Leaves.Take(70))
        {
            tree.Add(leaf);
            roots.Add(tree.Root(tree.Size));
        }

        for (var size = 0; size < roots.Count; size++)
        {
            Assert.Equal(roots[size], tree.Root(size));
        }
    }

    [Fact]
    public void RequestsBeyondTheTreeAreRejected()
    {
        var tree = new InMemoryMerkleTree();
        tree.Add(Reference.Leaves[0]);
        tree.Add(Reference.Leaves[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Root(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Root(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(1, 3));
        Assert.Throws<ArgumentException>(() => tree.Add(new byte[31]));
    }

    [Fact]
    public void AddedLeafIsCopiedSoLaterChangesToTheCallersArrayDoNotAlterTheTree()
    {
        var tree = new InMemoryMerkleTree();
        var leaf = (byte[])Reference.Leaves[0].Clone();
        tree.Add(leaf);
        leaf[0] ^= 0xFF;
        Assert.Equal(Reference.Leaves[0], tree.Root(1));
    }
}
