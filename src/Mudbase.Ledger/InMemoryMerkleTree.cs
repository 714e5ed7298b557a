namespace Mudbase.Ledger;

/// <summary>
/// A whole Merkle tree held in memory, answering roots and proofs for any earlier size by direct
/// RFC 9162 recursion. Meant for tests, offline verification and small exports; a server keeps
/// nodes in storage and plans proofs with <see cref="MerkleRanges"/> instead.
/// </summary>
public sealed class InMemoryMerkleTree
{
    // _levels[h][i] is the root of the perfect subtree NodeId(h, i), kept once it is complete.
    private readonly List<List<byte[]>> _levels = [[]];

    /// <summary>The number of leaves added.</summary>
    public long Size => _levels[0].Count;

    /// <summary>Adds the next leaf.</summary>
    /// <param name="leafHash">The 32-byte leaf hash; the tree keeps its own copy.</param>
    /// <exception cref="ArgumentException">The hash is not 32 bytes long.</exception>
    public void Add(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHash.Size} bytes.", nameof(leafHash));
        }

        var hash = (byte[])leafHash.Clone();
        var level = 0;
        while (true)
        {
            var nodes = _levels[level];
            nodes.Add(hash);
            if (nodes.Count % 2 == 1)
            {
                return;
            }

            hash = MerkleHash.Node(nodes[^2], nodes[^1]);
            level++;
            if (_levels.Count == level)
            {
                _levels.Add([]);
            }
        }
    }

    /// <summary>The Merkle Tree Hash of the first <paramref name="size"/> leaves.</summary>
    /// <param name="size">A tree size no larger than <see cref="Size"/>.</param>
    /// <returns>A new 32-byte root.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative or larger than the tree.</exception>
    public byte[] Root(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        return size == 0 ? MerkleHash.EmptyRoot() : Hash(0, size);
    }

    /// <summary>The inclusion proof PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), nearest the leaf first.</summary>
    /// <param name="index">The leaf to prove.</param>
    /// <param name="size">The tree size the proof is for.</param>
    /// <returns>The proof's hashes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a leaf of that tree, or the tree is larger than this one.</exception>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var proof = new List<byte[]>();
        Path(index, 0, size, proof);
        return proof;
    }

    /// <summary>The consistency proof PROOF(oldSize, D[0:newSize]) (RFC 9162 §2.1.4.1).</summary>
    /// <param name="oldSize">The earlier tree size.</param>
    /// <param name="newSize">The later tree size, no larger than <see cref="Size"/>.</param>
    /// <returns>The proof's hashes; empty when the sizes are equal or the earlier tree is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are negative, reversed or larger than the tree.</exception>
    public IReadOnlyList<byte[]> ConsistencyProof(long oldSize, long newSize)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(newSize, Size);
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, newSize);
        var proof = new List<byte[]>();
        if (oldSize > 0 && oldSize < newSize)
        {
            SubProof(oldSize, 0, newSize, complete: true, proof);
        }

        return proof;
    }

    private void Path(long m, long start, long end, List<byte[]> proof)
    {
        var n = end - start;
        if (n == 1)
        {
            return;
        }

        var k = TreeMath.SplitPoint(n);
        if (m < k)
        {
            Path(m, start, start + k, proof);
            proof.Add(Hash(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, proof);
            proof.Add(Hash(start, start + k));
        }
    }

    private void SubProof(long m, long start, long end, bool complete, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(Hash(start, end));
            }

            return;
        }

        var k = TreeMath.SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, complete, proof);
            proof.Add(Hash(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, complete: false, proof);
            proof.Add(Hash(start, start + k));
        }
    }

    // MTH(D[start:end]); the recursion only ever asks for ranges whose perfect parts are stored nodes.
    private byte[] Hash(long start, long end)
    {
        var n = end - start;
        if (TreeMath.IsPowerOfTwo(n) && start % n == 0)
        {
            var level = System.Numerics.BitOperations.Log2((ulong)n);
            return (byte[])_levels[level][(int)(start >> level)].Clone();
        }

        var k = TreeMath.SplitPoint(n);
        return MerkleHash.Node(Hash(start, start + k), Hash(start + k, end));
    }
}
