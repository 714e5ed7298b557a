namespace Mudbase.Ledger.Tests;

public sealed class ConsistencyProofTests
{
    private const int MaxSize = 64;

    [Fact]
    public void ConsistencyProofForEveryPairOfSizesUpTo64Verifies()
    {
        var tree = Reference.Tree;
        for (long newSize = 0; newSize <= MaxSize; newSize++)
        {
            for (long oldSize = 0; oldSize <= newSize; oldSize++)
            {
                var proof = tree.ConsistencyProof(oldSize, newSize);
                Assert.True(
                    MerkleProofs.VerifyConsistency(oldSize, newSize, proof, tree.Root(oldSize), tree.Root(newSize)),
                    $"{oldSize}->{newSize}");
            }
        }
    }

    [Fact]
    public void AlteredConsistencyProofsAreRejectedForEveryPairOfSizesUpTo64()
    {
        var tree = Reference.Tree;
        for (long newSize = 1; newSize <= MaxSize; newSize++)
        {
            var newRoot = Reference.Roots[newSize];
            for (long oldSize = 1; oldSize <= newSize; oldSize++)
            {
                var oldRoot = Reference.Roots[oldSize];
                var proof = tree.ConsistencyProof(oldSize, newSize);
                var at = (oldSize, newSize);

                for (var element = 0; element < proof.Count; element++)
                {
                    var flipped = proof.ToArray();
                    flipped[element] = Reference.FlipBit(flipped[element], (element * 53) + (int)newSize);
                    Refuse(MerkleProofs.VerifyConsistency(oldSize, newSize, flipped, oldRoot, newRoot), "bit flip", at, element);
                }

                if (proof.Count > 0)
                {
                    Refuse(MerkleProofs.VerifyConsistency(oldSize, newSize, proof.Take(proof.Count - 1).ToArray(), oldRoot, newRoot), "truncated", at);
                    Refuse(MerkleProofs.VerifyConsistency(oldSize, newSize, [], oldRoot, newRoot), "empty", at);
                }

                Refuse(MerkleProofs.VerifyConsistency(oldSize, newSize, [.. proof, Reference.Leaves[0]], oldRoot, newRoot), "extended", at);
                Refuse(MerkleProofs.VerifyConsistency(oldSize, newSize, proof, Reference.FlipBit(oldRoot, 9), newRoot), "old root", at);
                Refuse(MerkleProofs.VerifyConsistency(oldSize, newSize, proof, oldRoot, Reference.FlipBit(newRoot, 9)), "new root", at);
                if (oldSize != newSize)
                {
                    Refuse(MerkleProofs.VerifyConsistency(oldSize, newSize, proof, newRoot, oldRoot), "swapped roots", at);
                    Refuse(MerkleProofs.VerifyConsistency(newSize, oldSize, proof, newRoot, oldRoot), "swapped sizes", at);
                }

                for (long otherOld = 1; otherOld <= newSize; otherOld++)
                {
                    if (otherOld != oldSize)
                    {
                        Refuse(MerkleProofs.VerifyConsistency(otherOld, newSize, proof, Reference.Roots[otherOld], newRoot), "old size", at, otherOld);
                    }
                }

                for (var otherNew = oldSize; otherNew <= MaxSize + 1; otherNew++)
                {
                    if (otherNew != newSize)
                    {
                        Refuse(MerkleProofs.VerifyConsistency(oldSize, otherNew, proof, oldRoot, Reference.Roots[otherNew]), "new size", at, otherNew);
                    }
                }
            }
        }
    }

    [Fact]
    public void EqualSizesNeedAnEmptyProofAndEqualRoots()
    {
        var root = Reference.Tree.Root(4);
        Assert.True(MerkleProofs.VerifyConsistency(4, 4, [], root, root));
        Assert.False(MerkleProofs.VerifyConsistency(4, 4, [], root, Reference.Tree.Root(5)));
        Assert.False(MerkleProofs.VerifyConsistency(4, 4, [root], root, root));
    }

    [Fact]
    public void EmptyOldTreeIsConsistentWithAnyTreeButOnlyUnderTheEmptyRoot()
    {
        var newRoot = Reference.Tree.Root(8);
        Assert.True(MerkleProofs.VerifyConsistency(0, 8, [], MerkleHash.EmptyRoot(), newRoot));
        Assert.False(MerkleProofs.VerifyConsistency(0, 8, [], Reference.Tree.Root(1), newRoot));
        Assert.False(MerkleProofs.VerifyConsistency(0, 8, [newRoot], MerkleHash.EmptyRoot(), newRoot));
    }

    [Fact]
    public void ImpossibleArgumentsAreRejectedWithoutThrowing()
    {
        var tree = Reference.Tree;
        var proof = tree.ConsistencyProof(6, 8);
        var oldRoot = tree.Root(6);
        var newRoot = tree.Root(8);
        Assert.True(MerkleProofs.VerifyConsistency(6, 8, proof, oldRoot, newRoot));
        Assert.False(MerkleProofs.VerifyConsistency(8, 6, proof, newRoot, oldRoot));
        Assert.False(MerkleProofs.VerifyConsistency(-1, 8, proof, oldRoot, newRoot));
        Assert.False(MerkleProofs.VerifyConsistency(6, 8, proof, oldRoot.AsSpan(0, 31), newRoot));
        Assert.False(MerkleProofs.VerifyConsistency(6, 8, proof, oldRoot, newRoot.AsSpan(0, 31)));
        Assert.False(MerkleProofs.VerifyConsistency(6, 8, [proof[0][..31], proof[1], proof[2]], oldRoot, newRoot));
        Assert.False(MerkleProofs.VerifyConsistency(6, 8, [proof[0], null!, proof[2]], oldRoot, newRoot));
        Assert.False(MerkleProofs.VerifyConsistency(6, 8, null!, oldRoot, newRoot));
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
