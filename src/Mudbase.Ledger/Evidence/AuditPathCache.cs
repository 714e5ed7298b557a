using System.Runtime.CompilerServices;
namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Verifies the inclusion proofs of consecutive leaves of one tree without re-hashing the part of each audit path
/// that the previous leaf's path already proved.
/// </summary>
/// <remarks>
/// The walk is RFC 9162 §2.1.3.2. At each step the running hash is the node at (level, index) and the proof element
/// is its sibling. A path that verified against the root proved every node it computed and every sibling it used, so
/// the cache keeps, per level, the previous leaf's node, its index and its sibling. When the current path reaches a
/// node the cache holds (the same node, or the previous node's sibling) with the same hash, everything above it is
/// what the previous path proved: the remaining proof elements are only compared, byte for byte, with the cached
/// siblings (and, on joining at a sibling, the element there with the previous node), so an altered element is still
/// caught, without hashing. Consecutive leaves meet as siblings below their lowest common ancestor, so the second of
/// a pair hashes nothing and on average a leaf costs one node hash instead of two.
/// <para>
/// Invariant: after a leaf verifies, the cache holds that leaf's own path at every level where the path combines two
/// nodes. Leaves arrive in increasing order and whether a node combines depends only on the node, so a cache entry
/// left over at a level the previous path skipped (a right edge carried up) can never match the current path: any
/// leaf between its writer and the current one would have combined at that level and overwritten it.
/// </para>
/// </remarks>
internal sealed class AuditPathCache
{
    private const int Levels = 64;
    private const int Size = MerkleHash.Size;

    private readonly long _treeSize;
    private readonly byte[] _root;
    private readonly long[] _index = new long[Levels];
    private readonly byte[] _nodes = new byte[Levels * Size];
    private readonly byte[] _siblings = new byte[Levels * Size];

    public AuditPathCache(long treeSize, byte[] root)
    {
        _treeSize = treeSize;
        _root = root;
        Reset();
    }

    /// <summary>Forgets every proved node, so the next proof is checked against the root in full.</summary>
    public void Reset() => _index.AsSpan().Fill(-1);

    /// <summary>Checks the audit path <paramref name="proof"/> (concatenated 32-byte elements) of one leaf.</summary>
    public bool Verify(ReadOnlySpan<byte> leafHash, long leafIndex, ReadOnlySpan<byte> proof)
    {
        if (leafIndex < 0 || leafIndex >= _treeSize || leafHash.Length != Size || proof.Length % Size != 0)
        {
            return false;
        }

        if (Walk(leafHash, leafIndex, proof))
        {
            return true;
        }

        // Nodes written by a failed walk were never proved; nothing that follows may rely on them.
        Reset();
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Walk(ReadOnlySpan<byte> leafHash, long leafIndex, ReadOnlySpan<byte> proof)
    {
        Span<byte> r = stackalloc byte[Size];
        leafHash.CopyTo(r);
        var fn = leafIndex;
        var sn = _treeSize - 1;
        var level = 0;
        var joined = false;
        for (var at = 0; at < proof.Length; at += Size)
        {
            if (sn == 0)
            {
                return false; // Longer than the path.
            }

            if ((fn & 1) == 0 && fn == sn)
            {
                // A right edge with no sibling: the node is carried up unchanged.
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                    level++;
                }
            }

            var element = proof.Slice(at, Size);
            var node = _nodes.AsSpan(level * Size, Size);
            var sibling = _siblings.AsSpan(level * Size, Size);
            if (joined)
            {
                if (_index[level] != fn || !element.SequenceEqual(sibling))
                {
                    return false;
                }
            }
            else if (_index[level] == fn && r.SequenceEqual(node))
            {
                // The same proved node: its sibling and everything above are the previous path's.
                if (!element.SequenceEqual(sibling))
                {
                    return false;
                }

                joined = true;
            }
            else if (_index[level] == (fn ^ 1) && r.SequenceEqual(sibling))
            {
                // The previous node's proved sibling: this path's sibling must be that node, and the parent is shared.
                if (!element.SequenceEqual(node))
                {
                    return false;
                }

                _index[level] = fn;
                Swap(node, sibling);
                joined = true;
            }
            else
            {
                _index[level] = fn;
                r.CopyTo(node);
                element.CopyTo(sibling);
                MerkleHash.Node((fn & 1) == 1 ? element : r, (fn & 1) == 1 ? r : element, r);
            }

            fn >>= 1;
            sn >>= 1;
            level++;
        }

        return sn == 0 && (joined || r.SequenceEqual(_root));
    }

    private static void Swap(Span<byte> a, Span<byte> b)
    {
        Span<byte> t = stackalloc byte[Size];
        a.CopyTo(t);
        b.CopyTo(a);
        t.CopyTo(b);
    }
}
