namespace Mudbase.Ledger.Tests;

public sealed class InclusionProofTests
{
    private const int MaxSize = 64;

    [Fact]
    public void InclusionProofForEveryLeafOfEveryTreeUpTo64Verifies()
    {
        var tree = Reference.Tree;
        for (long size = 1; size <= MaxSize; size++)
        {
            var root = Reference.Roots[size];
            for (long index = 0; index < size; index++)
            {
                var proof = tree.InclusionProof(index, size);
                Assert.True(MerkleProofs.VerifyInclusion(Reference.Leaves[index], index, size, proof, root), $"{index}/{size}");
            }
        }
    }

    [Fact]
    public void AlteredInclusionProofsAreRejectedForEveryLeafOfEveryTreeUpTo64()
    {
        var tree = Reference.Tree;
        for (long size = 1; size <= MaxSize; size++)
        {
            var root = Reference.Roots[size];
            for (long index = 0; index < size; index++)
            {
                var leaf = Reference.Leaves[index];
                var proof = tree.InclusionProof(index, size);
                var at = (index, size);

                for (var element = 0; element < proof.Count; element++)
                {
                    var flipped = proof.ToArray();
                    flipped[element] = Reference.FlipBit(flipped[element], (element * 37) + (int)size);
                    Refuse(MerkleProofs.VerifyInclusion(leaf, index, size, flipped, root), "bit flip", at, element);
                }

                if (proof.Count > 0)
                {
                    Refuse(MerkleProofs.VerifyInclusion(leaf, index, size, proof.Take(proof.Count - 1).ToArray(), root), "truncated", at);
                    Refuse(MerkleProofs.VerifyInclusion(leaf, index, size, [], root), "empty", at);
                }

                Refuse(MerkleProofs.VerifyInclusion(leaf, index, size, [.. proof, Reference.Leaves[0]], root), "extended", at);
                Refuse(MerkleProofs.VerifyInclusion(Reference.FlipBit(leaf, 3), index, size, proof, root), "leaf", at);
                Refuse(MerkleProofs.VerifyInclusion(leaf, index, size, proof, Reference.FlipBit(root, 200)), "root", at);

                for (long other = 0; other < size; other++)
                {
                    if (other != index)
                    {
                        Refuse(MerkleProofs.VerifyInclusion(leaf, other, size, proof, root), "index", at, other);
                        Refuse(MerkleProofs.VerifyInclusion(Reference.Leaves[other], other, size, proof, root), "other leaf", at, other);
                    }
                }

                for (var otherSize = index + 1; otherSize <= MaxSize + 1; otherSize++)
                {
                    if (otherSize != size)
                    {
                        Refuse(MerkleProofs.VerifyInclusion(leaf, index, otherSize, proof, Reference.Roots[otherSize]), "size", at, otherSize);
                    }
                }
            }
        }
    }

    [Fact]
    public void ImpossibleArgumentsAreRejectedWithoutThrowing()
    {
        var tree = Reference.Tree;
        var proof = tree.InclusionProof(5, 8);
        var root = tree.Root(8);
        var leaf = Reference.Leaves[5];
        Assert.True(MerkleProofs.VerifyInclusion(leaf, 5, 8, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 8, 8, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, -1, 8, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, 0, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf.AsSpan(0, 31), 5, 8, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, 8, proof, root.AsSpan(0, 31)));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, 8, [proof[0][..31], proof[1], proof[2]], root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, 8, [proof[0], null!, proof[2]], root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, 8, null!, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, long.MaxValue, proof, root));
    }

    [Fact]
    public void SingleLeafTreeNeedsAnEmptyProof()
    {
        var leaf = Reference.Leaves[0];
        Assert.True(MerkleProofs.VerifyInclusion(leaf, 0, 1, [], leaf));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 0, 1, [leaf], leaf));
    }

    // Builds the failure message only on failure: these loops make hundreds of thousands of checks.
    private static void Refuse(bool accepted, string alteration, (long, long) at, long other = -1)
    {
        if (accepted)
        {
            Assert.Fail($"{alteration} {other} accepted for {at}");
        }
    }
}
