namespace Mudbase.Ledger.Tests;

/// <summary>The RFC 6962 / RFC 9162 test vectors published with certificate-transparency-go and transparency-dev/merkle.</summary>
public sealed class ReferenceVectorTests
{
    private static readonly byte[][] Inputs = new[]
        {
            "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
        }.Select(Reference.Hex).ToArray();

    private static readonly string[] Roots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    public static TheoryData<long, long, string[]> InclusionVectors => new()
    {
        { 0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
    };

    public static TheoryData<long, long, string[]> ConsistencyVectors => new()
    {
        { 2, 8, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
    };

    [Fact]
    public void EmptyTreeRootIsSha256OfTheEmptyString()
    {
        Assert.Equal(Roots[0], Reference.Hex(MerkleHash.EmptyRoot()));
        Assert.Equal(Roots[0], Reference.Hex(new CompactRange().Root()));
        Assert.Equal(Roots[0], Reference.Hex(new InMemoryMerkleTree().Root(0)));
    }

    [Fact]
    public void LeafAndNodeHashesUseTheRfcPrefixes()
    {
        Assert.Equal(Roots[1], Reference.Hex(MerkleHash.Leaf([])));
        var left = MerkleHash.Leaf(Inputs[0]);
        var right = MerkleHash.Leaf(Inputs[1]);
        Assert.Equal(Roots[2], Reference.Hex(MerkleHash.Node(left, right)));
        Assert.Equal(Reference.Node(left, right), MerkleHash.Node(left, right));
    }

    [Fact]
    public void LeafHashOfLargeDataMatchesSmallDataPath()
    {
        var data = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        Assert.Equal(System.Security.Cryptography.SHA256.HashData([0x00, .. data]), MerkleHash.Leaf(data));
    }

    [Fact]
    public void RootsForEverySizeUpTo8MatchThePublishedVectors()
    {
        var tree = new InMemoryMerkleTree();
        var range = new CompactRange();
        foreach (var input in Inputs)
        {
            var leaf = MerkleHash.Leaf(input);
            tree.Add(leaf);
            range.Append(leaf);
            Assert.Equal(Roots[tree.Size], Reference.Hex(tree.Root(tree.Size)));
            Assert.Equal(Roots[range.Size], Reference.Hex(range.Root()));
        }

        for (var size = 0; size <= Inputs.Length; size++)
        {
            Assert.Equal(Roots[size], Reference.Hex(tree.Root(size)));
        }
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void InclusionProofsMatchThePublishedVectors(long index, long size, string[] expected)
    {
        var tree = BuildTree();
        Assert.Equal(expected, tree.InclusionProof(index, size).Select(Reference.Hex));
        Assert.True(MerkleProofs.VerifyInclusion(
            MerkleHash.Leaf(Inputs[index]), index, size, expected.Select(Reference.Hex).ToArray(), Reference.Hex(Roots[size])));
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void ConsistencyProofsMatchThePublishedVectors(long oldSize, long newSize, string[] expected)
    {
        var tree = BuildTree();
        Assert.Equal(expected, tree.ConsistencyProof(oldSize, newSize).Select(Reference.Hex));
        Assert.True(MerkleProofs.VerifyConsistency(
            oldSize, newSize, expected.Select(Reference.Hex).ToArray(), Reference.Hex(Roots[oldSize]), Reference.Hex(Roots[newSize])));
    }

    private static InMemoryMerkleTree BuildTree()
    {
        var tree = new InMemoryMerkleTree();
        foreach (var input in Inputs)
        {
            tree.Add(MerkleHash.Leaf(input));
        }

        return tree;
    }
}
