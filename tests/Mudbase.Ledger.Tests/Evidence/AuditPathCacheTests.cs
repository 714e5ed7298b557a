using Mudbase.Ledger.Evidence;

namespace Mudbase.Ledger.Tests.Evidence;

public sealed class AuditPathCacheTests
{
    private const int MaxSize = 40;

    [Fact]
    public void ConsecutiveLeavesFromAnyStartVerifyInEveryTreeUpTo40()
    {
        for (long size = 1; size <= MaxSize; size++)
        {
            for (long start = 0; start < size; start++)
            {
                var cache = new AuditPathCache(size, Reference.Roots[size]);
                for (var index = start; index < size; index++)
                {
                    Assert.True(
                        cache.Verify(Reference.Leaves[index], index, Flat(Reference.Tree.InclusionProof(index, size))),
                        $"leaf {index} of {size}, from {start}");
                }
            }
        }
    }

    [Fact]
    public void AnAlteredElementAfterAnyVerifiedPrefixIsRejectedInEveryTreeUpTo40()
    {
        for (long size = 2; size <= MaxSize; size++)
        {
            for (long index = 0; index < size; index++)
            {
                var proof = Flat(Reference.Tree.InclusionProof(index, size));
                for (var element = 0; element < proof.Length / MerkleHash.Size; element++)
                {
                    var bad = (byte[])proof.Clone();
                    bad[(element * MerkleHash.Size) + 7] ^= 0x40;
                    foreach (var start in new[] { 0, Math.Max(0, index - 1) })
                    {
                        var cache = Primed(size, start, index);
                        Assert.False(cache.Verify(Reference.Leaves[index], index, bad), $"leaf {index} of {size}, element {element}, from {start}");

                        // A rejected path must not leave unproved nodes behind for the next leaf to trust.
                        if (index + 1 < size)
                        {
                            Assert.True(cache.Verify(Reference.Leaves[index + 1], index + 1, Flat(Reference.Tree.InclusionProof(index + 1, size))));
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void WrongLeavesIndicesAndLengthsAreRejectedAfterAVerifiedPrefix()
    {
        for (long size = 2; size <= MaxSize; size++)
        {
            for (long index = 1; index < size; index++)
            {
                var proof = Flat(Reference.Tree.InclusionProof(index, size));
                Refuse(size, index, Reference.FlipBit(Reference.Leaves[index], 9), index, proof, "leaf");
                Refuse(size, index, Reference.Leaves[index - 1], index, proof, "previous leaf");
                Refuse(size, index, Reference.Leaves[index], index, [.. proof, .. Reference.Leaves[0]], "extended");
                Refuse(size, index, Reference.Leaves[index], index, proof[..^MerkleHash.Size], "truncated");
                Refuse(size, index, Reference.Leaves[index], size, proof, "beyond the tree");
                if (index + 1 < size)
                {
                    // The next leaf's proof, or the previous leaf's, does not prove this leaf.
                    Refuse(size, index, Reference.Leaves[index], index, Flat(Reference.Tree.InclusionProof(index + 1, size)), "next proof");
                    Refuse(size, index, Reference.Leaves[index], index, Flat(Reference.Tree.InclusionProof(index - 1, size)), "previous proof");
                }
            }
        }
    }

    private static void Refuse(long size, long primedUntil, byte[] leaf, long index, byte[] proof, string what)
    {
        var cache = Primed(size, 0, primedUntil);
        Assert.False(cache.Verify(leaf, index, proof), $"{what}: leaf {index} of {size}");
    }

    private static AuditPathCache Primed(long size, long start, long until)
    {
        var cache = new AuditPathCache(size, Reference.Roots[size]);
        for (var i = start; i < until; i++)
        {
            Assert.True(cache.Verify(Reference.Leaves[i], i, Flat(Reference.Tree.InclusionProof(i, size))));
        }

        return cache;
    }

    private static byte[] Flat(IReadOnlyList<byte[]> proof) => [.. proof.SelectMany(p => p)];
}
