using System.Security.Cryptography;

namespace Mudbase.Ledger.Tests;

/// <summary>
/// Test oracles written straight from RFC 9162 with SHA-256 directly, sharing no code with the library
/// beyond what the published vectors pin down.
/// </summary>
internal static class Reference
{
    public const int MaxLeaves = 300;

    /// <summary>Distinct, deterministic leaf hashes, shared by every test.</summary>
    public static readonly byte[][] Leaves = Enumerable.Range(0, MaxLeaves + 1)
        .Select(i => SHA256.HashData([0x00, .. BitConverter.GetBytes(i), .. "mudbase-test"u8]))
        .ToArray();

    private static readonly Lazy<InMemoryMerkleTree> SharedTree = new(() =>
    {
        var tree = new InMemoryMerkleTree();
        foreach (var leaf in Leaves)
        {
            tree.Add(leaf);
        }

        return tree;
    });

    /// <summary>An in-memory tree over <see cref="Leaves"/>; read-only use only.</summary>
    public static InMemoryMerkleTree Tree => SharedTree.Value;

    private static readonly Lazy<byte[][]> SharedRoots = new(() =>
        Enumerable.Range(0, MaxLeaves + 2).Select(size => Tree.Root(size)).ToArray());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<NodeId, byte[]> NodeHashes = new();

    /// <summary>Roots of <see cref="Tree"/> for sizes 0 to 301, computed once.</summary>
    public static byte[][] Roots => SharedRoots.Value;

    /// <summary>The hash of a perfect subtree over <see cref="Leaves"/>, as a store would hold it.</summary>
    public static byte[] NodeHash(NodeId node) =>
        NodeHashes.GetOrAdd(node, n => Mth(Leaves, n.Start, n.End));

    public static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[start:end]) by the definition in RFC 9162 §2.1.1.</summary>
    public static byte[] Mth(IReadOnlyList<byte[]> leaves, long start, long end)
    {
        var n = end - start;
        if (n == 0)
        {
            return SHA256.HashData([]);
        }

        if (n == 1)
        {
            return leaves[(int)start];
        }

        long k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return Node(Mth(leaves, start, start + k), Mth(leaves, start + k, end));
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public static byte[] FlipBit(byte[] bytes, int bit)
    {
        var copy = (byte[])bytes.Clone();
        copy[bit / 8 % copy.Length] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
