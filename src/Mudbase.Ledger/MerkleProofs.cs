namespace Mudbase.Ledger;

/// <summary>
/// RFC 9162 proof verification. Verifiers return false for anything malformed (wrong lengths,
/// impossible sizes, proofs too long or too short) instead of throwing, since their input comes
/// from outside.
/// </summary>
public static class MerkleProofs
{
    /// <summary>Verifies an inclusion proof (RFC 9162 §2.1.3.2).</summary>
    /// <param name="leafHash">The 32-byte hash of the leaf.</param>
    /// <param name="index">The leaf's index.</param>
    /// <param name="size">The size of the tree the root belongs to.</param>
    /// <param name="proof">The audit path, nearest the leaf first.</param>
    /// <param name="root">The 32-byte root of the tree of <paramref name="size"/> leaves.</param>
    /// <returns>True when the proof shows the leaf at <paramref name="index"/> in that tree.</returns>
    public static bool VerifyInclusion(
        ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (proof is null || index < 0 || index >= size
            || leafHash.Length != MerkleHash.Size || root.Length != MerkleHash.Size)
        {
            return false;
        }

        Span<byte> r = stackalloc byte[MerkleHash.Size];
        leafHash.CopyTo(r);
        var fn = index;
        var sn = size - 1;
        for (var i = 0; i < proof.Count; i++)
        {
            var p = proof[i];
            if (sn == 0 || p is null || p.Length != MerkleHash.Size)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(p, r, r);
                if ((fn & 1) == 0)
                {
                    // A right edge with no sibling: the node is carried up unchanged.
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                MerkleHash.Node(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.SequenceEqual(root);
    }

    /// <summary>
    /// Verifies a consistency proof (RFC 9162 §2.1.4.2): that the tree of <paramref name="newSize"/> leaves
    /// is an append-only extension of the tree of <paramref name="oldSize"/> leaves.
    /// </summary>
    /// <param name="oldSize">The earlier tree size.</param>
    /// <param name="newSize">The later tree size.</param>
    /// <param name="proof">The consistency proof; empty when the sizes are equal or the earlier tree is empty.</param>
    /// <param name="oldRoot">The 32-byte root of the earlier tree.</param>
    /// <param name="newRoot">The 32-byte root of the later tree.</param>
    /// <returns>True when the proof links the two roots.</returns>
    public static bool VerifyConsistency(
        long oldSize, long newSize, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot)
    {
        if (proof is null || oldSize < 0 || newSize < oldSize
            || oldRoot.Length != MerkleHash.Size || newRoot.Length != MerkleHash.Size)
        {
            return false;
        }

        if (oldSize == newSize)
        {
            return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        }

        if (oldSize == 0)
        {
            // Every tree extends the empty one, but only if the claimed old root really is the empty root.
            return proof.Count == 0 && oldRoot.SequenceEqual(MerkleHash.EmptyRootSpan);
        }

        if (proof.Count == 0)
        {
            return false;
        }

        // When the old tree is a perfect subtree its root is the proof's implicit first element.
        var first = 0;
        ReadOnlySpan<byte> seed;
        if (TreeMath.IsPowerOfTwo(oldSize))
        {
            seed = oldRoot;
        }
        else
        {
            seed = proof[0];
            first = 1;
        }

        if (seed.Length != MerkleHash.Size)
        {
            return false;
        }

        Span<byte> fr = stackalloc byte[MerkleHash.Size];
        Span<byte> sr = stackalloc byte[MerkleHash.Size];
        seed.CopyTo(fr);
        seed.CopyTo(sr);

        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        for (var i = first; i < proof.Count; i++)
        {
            var c = proof[i];
            if (sn == 0 || c is null || c.Length != MerkleHash.Size)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(c, fr, fr);
                MerkleHash.Node(c, sr, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                MerkleHash.Node(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.SequenceEqual(oldRoot) && sr.SequenceEqual(newRoot);
    }
}
