using System.Security.Cryptography;
using CsCheck;

namespace Mudbase.Ledger.Tests;

public sealed class ProofPropertyTests
{
    private const int Leaves = 2100;

    private static readonly Lazy<InMemoryMerkleTree> BigTree = new(() =>
    {
        var tree = new InMemoryMerkleTree();
        for (var i = 0; i < Leaves; i++)
        {
            tree.Add(SHA256.HashData(BitConverter.GetBytes(i)));
        }

        return tree;
    });

    private static readonly Gen<(int Size, int Index)> SizeAndIndex =
        Gen.Int[1, Leaves].SelectMany(size => Gen.Int[0, size - 1].Select(index => (size, index)));

    private static readonly Gen<(int OldSize, int NewSize)> SizePair =
        Gen.Int[1, Leaves].SelectMany(newSize => Gen.Int[1, newSize].Select(oldSize => (oldSize, newSize)));

    [Fact]
    public void InclusionProofsFromTheTreeAlwaysVerify()
    {
        var tree = BigTree.Value;
        SizeAndIndex.Sample((size, index) =>
        {
            Assert.True(MerkleProofs.VerifyInclusion(LeafHash(index), index, size, tree.InclusionProof(index, size), tree.Root(size)));
        }, iter: 300);
    }

    [Fact]
    public void AnySingleBitChangeToAnInclusionProofItsLeafOrItsRootIsRejected()
    {
        var tree = BigTree.Value;
        SizeAndIndex.SelectMany(t => Gen.Int[0, int.MaxValue].Select(bit => (t.Size, t.Index, bit))).Sample((size, index, bit) =>
        {
            var proof = tree.InclusionProof(index, size).ToArray();
            var leaf = LeafHash(index);
            var root = tree.Root(size);

            // Every bit of the leaf, the root and every proof element, or one of the low bits of the index,
            // or of the size together with the root of that size: a size means nothing without its own root,
            // which is why checkpoints sign the two together.
            var hashBits = (proof.Length + 2) * 256;
            var target = bit % (hashBits + 32 + 12);
            long claimedIndex = index, claimedSize = size;
            if (target < 256)
            {
                leaf = Reference.FlipBit(leaf, target);
            }
            else if (target < 512)
            {
                root = Reference.FlipBit(root, target - 256);
            }
            else if (target < hashBits)
            {
                var element = (target - 512) / 256;
                proof[element] = Reference.FlipBit(proof[element], target % 256);
            }
            else if (target < hashBits + 32 || (size ^ (1 << (target - hashBits - 32))) > Leaves)
            {
                claimedIndex ^= 1L << ((target - hashBits) % 32);
            }
            else
            {
                claimedSize ^= 1L << (target - hashBits - 32);
                root = claimedSize > 0 ? tree.Root(claimedSize) : root;
            }

            Assert.False(MerkleProofs.VerifyInclusion(leaf, claimedIndex, claimedSize, proof, root));
        }, iter: 500);
    }

    [Fact]
    public void ConsistencyProofsFromTheTreeAlwaysVerify()
    {
        var tree = BigTree.Value;
        SizePair.Sample((oldSize, newSize) =>
            Assert.True(MerkleProofs.VerifyConsistency(
                oldSize, newSize, tree.ConsistencyProof(oldSize, newSize), tree.Root(oldSize), tree.Root(newSize))),
            iter: 300);
    }

    [Fact]
    public void AnySingleBitChangeToAConsistencyProofOrEitherRootIsRejected()
    {
        var tree = BigTree.Value;
        SizePair.SelectMany(t => Gen.Int[0, int.MaxValue].Select(bit => (t.OldSize, t.NewSize, bit))).Sample((oldSize, newSize, bit) =>
        {
            var proof = tree.ConsistencyProof(oldSize, newSize).ToArray();
            var oldRoot = tree.Root(oldSize);
            var newRoot = tree.Root(newSize);
            var hashBits = (proof.Length + 2) * 256;
            var target = bit % hashBits;
            if (target < 256)
            {
                oldRoot = Reference.FlipBit(oldRoot, target);
            }
            else if (target < 512)
            {
                newRoot = Reference.FlipBit(newRoot, target - 256);
            }
            else
            {
                var element = (target - 512) / 256;
                proof[element] = Reference.FlipBit(proof[element], target % 256);
            }

            Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, proof, oldRoot, newRoot));
        }, iter: 500);
    }

    [Fact]
    public void CompactRangeAgreesWithTheInMemoryTreeAtRandomSizes()
    {
        var tree = BigTree.Value;
        Gen.Int[0, Leaves].Sample(size =>
        {
            var range = new CompactRange();
            for (var i = 0; i < size; i++)
            {
                range.Append(LeafHash(i));
            }

            Assert.Equal(tree.Root(size), range.Root());
        }, iter: 40);
    }

    private static byte[] LeafHash(int i) => SHA256.HashData(BitConverter.GetBytes(i));
}
