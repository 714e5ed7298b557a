using System.Numerics;

namespace Mudbase.Ledger;

/// <summary>
/// Proof planning without hashes: which leaf ranges a proof is made of, and which stored perfect
/// subtrees make up a range. A store that keeps the nodes reported by <see cref="CompactRange.Append"/>
/// can answer any proof with these.
/// </summary>
public static class MerkleRanges
{
    /// <summary>
    /// Splits [<paramref name="start"/>, <paramref name="end"/>) into maximal aligned perfect subtrees, left to right.
    /// </summary>
    /// <param name="start">The first leaf, inclusive.</param>
    /// <param name="end">The last leaf, exclusive.</param>
    /// <returns>The subtrees; empty when the range is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is negative or reversed.</exception>
    public static IReadOnlyList<NodeId> Decompose(long start, long end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);

        var nodes = new List<NodeId>();
        while (start < end)
        {
            // As high as the alignment of start allows, but no further than the range reaches.
            var alignment = start == 0 ? 63 : BitOperations.TrailingZeroCount(start);
            var fit = BitOperations.Log2((ulong)(end - start));
            var level = Math.Min(alignment, fit);
            nodes.Add(new NodeId(level, start >> level));
            start += 1L << level;
        }

        return nodes;
    }

    /// <summary>
    /// Hashes a range from the hashes of its <see cref="Decompose"/> nodes by folding right to left.
    /// For every range a proof is made of (its start aligned to a power of two at least as large as the range)
    /// this equals the RFC 9162 Merkle Tree Hash of the range's leaves.
    /// </summary>
    /// <param name="nodeHashes">The node hashes, left to right, 32 bytes each.</param>
    /// <returns>A new 32-byte hash; <see cref="MerkleHash.EmptyRoot"/> for no nodes.</returns>
    public static byte[] HashDecomposed(IReadOnlyList<byte[]> nodeHashes)
    {
        ArgumentNullException.ThrowIfNull(nodeHashes);
        if (nodeHashes.Count == 0)
        {
            return MerkleHash.EmptyRoot();
        }

        var last = nodeHashes[^1];
        if (last is null || last.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"Node hashes must be {MerkleHash.Size} bytes.", nameof(nodeHashes));
        }

        var hash = (byte[])last.Clone();
        for (var i = nodeHashes.Count - 2; i >= 0; i--)
        {
            MerkleHash.Node(nodeHashes[i], hash, hash);
        }

        return hash;
    }

    /// <summary>
    /// The leaf ranges whose Merkle Tree Hashes make up the inclusion proof PATH(index, D[0:size]),
    /// in proof order (nearest the leaf first), per RFC 9162 §2.1.3.1.
    /// </summary>
    /// <param name="index">The leaf being proven.</param>
    /// <param name="size">The tree size.</param>
    /// <returns>The ranges; empty for a tree of one leaf.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a leaf of the tree.</exception>
    public static IReadOnlyList<(long Start, long End)> InclusionProofRanges(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);

        // Walk down from the root; each step records the sibling subtree, so reversing gives bottom-up order.
        var ranges = new List<(long Start, long End)>();
        long start = 0, end = size;
        while (end - start > 1)
        {
            var k = TreeMath.SplitPoint(end - start);
            if (index < start + k)
            {
                ranges.Add((start + k, end));
                end = start + k;
            }
            else
            {
                ranges.Add((start, start + k));
                start += k;
            }
        }

        ranges.Reverse();
        return ranges;
    }

    /// <summary>
    /// The leaf ranges whose Merkle Tree Hashes make up the consistency proof PROOF(oldSize, D[0:newSize]),
    /// in proof order, per RFC 9162 §2.1.4.1.
    /// </summary>
    /// <param name="oldSize">The earlier tree size.</param>
    /// <param name="newSize">The later tree size.</param>
    /// <returns>The ranges; empty when the sizes are equal or the earlier tree is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are negative or reversed.</exception>
    public static IReadOnlyList<(long Start, long End)> ConsistencyProofRanges(long oldSize, long newSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(newSize, oldSize);

        var ranges = new List<(long Start, long End)>();
        if (oldSize == 0 || oldSize == newSize)
        {
            return ranges;
        }

        // SUBPROOF(m, D[start:end], b), unrolled; "complete" is b: whether the old tree's root is
        // still known to the verifier and so need not be sent.
        long start = 0, end = newSize;
        var complete = true;
        while (true)
        {
            var n = end - start;
            var m = oldSize - start;
            if (m == n)
            {
                if (!complete)
                {
                    ranges.Add((start, end));
                }

                break;
            }

            var k = TreeMath.SplitPoint(n);
            if (m <= k)
            {
                ranges.Add((start + k, end));
                end = start + k;
            }
            else
            {
                ranges.Add((start, start + k));
                start += k;
                complete = false;
            }
        }

        ranges.Reverse();
        return ranges;
    }
}
