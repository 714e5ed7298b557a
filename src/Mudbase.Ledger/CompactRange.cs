using System.Numerics;

namespace Mudbase.Ledger;

/// <summary>
/// The append-only frontier of a Merkle tree that starts at leaf 0: the roots of the perfect
/// subtrees that make up [0, Size), enough to append further leaves and to compute the root
/// without keeping the leaves.
/// </summary>
public sealed class CompactRange
{
    // A long has at most 63 set bits, so the frontier never holds more hashes than this.
    private const int MaxFrontier = 63;

    // One flat buffer instead of an array per hash keeps Append free of allocations.
    private readonly byte[] _hashes = new byte[MaxFrontier * MerkleHash.Size];
    private int _count;

    /// <summary>Creates the frontier of the empty tree.</summary>
    public CompactRange()
    {
    }

    /// <summary>
    /// Restores a frontier, as persisted from <see cref="Frontier"/>: the roots of the perfect subtrees of
    /// [0, <paramref name="size"/>), left to right, one per set bit of the size, highest first.
    /// </summary>
    /// <param name="size">The number of leaves the frontier covers.</param>
    /// <param name="frontier">The subtree roots, 32 bytes each.</param>
    /// <returns>A range that continues exactly where the persisted one stopped.</returns>
    /// <exception cref="ArgumentException">The number or length of the hashes does not fit the size.</exception>
    public static CompactRange FromFrontier(long size, IReadOnlyList<byte[]> frontier)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(frontier);
        var expected = BitOperations.PopCount((ulong)size);
        if (frontier.Count != expected)
        {
            throw new ArgumentException(
                $"A tree of size {size} has {expected} frontier hashes, not {frontier.Count}.", nameof(frontier));
        }

        var range = new CompactRange();
        for (var i = 0; i < frontier.Count; i++)
        {
            var hash = frontier[i];
            if (hash is null || hash.Length != MerkleHash.Size)
            {
                throw new ArgumentException($"Frontier hash {i} is not {MerkleHash.Size} bytes.", nameof(frontier));
            }

            hash.CopyTo(range.Slot(i));
        }

        range._count = expected;
        range.Size = size;
        return range;
    }

    /// <summary>The number of leaves appended so far.</summary>
    public long Size { get; private set; }

    /// <summary>
    /// Copies of the roots of the perfect subtrees of [0, Size), left to right (largest first);
    /// persist these with <see cref="Size"/> and resume with <see cref="FromFrontier"/>.
    /// </summary>
    public IReadOnlyList<byte[]> Frontier
    {
        get
        {
            var copy = new byte[_count][];
            for (var i = 0; i < _count; i++)
            {
                copy[i] = Slot(i).ToArray();
            }

            return copy;
        }
    }

    /// <summary>
    /// Appends a leaf hash. Every perfect subtree of level 1 or more that this leaf completes is reported to
    /// <paramref name="onNodeCompleted"/>, bottom-up, so a store can keep the interior nodes it needs for proofs.
    /// </summary>
    /// <param name="leafHash">The 32-byte leaf hash (see <see cref="MerkleHash.Leaf(ReadOnlySpan{byte})"/>).</param>
    /// <param name="onNodeCompleted">Receives each completed node and a fresh array holding its hash.</param>
    /// <exception cref="ArgumentException">The leaf hash is not 32 bytes long.</exception>
    public void Append(byte[] leafHash, Action<NodeId, byte[]>? onNodeCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHash.Size} bytes.", nameof(leafHash));
        }

        if (Size == long.MaxValue)
        {
            throw new InvalidOperationException("The tree is full.");
        }

        Span<byte> current = stackalloc byte[MerkleHash.Size];
        leafHash.CopyTo(current);

        // Each trailing one bit of the old size is a perfect subtree of the same height as the one
        // being carried, so the two merge, exactly like a binary increment.
        var index = Size;
        var level = 0;
        while ((index & 1) == 1)
        {
            _count--;
            MerkleHash.Node(Slot(_count), current, current);
            index >>= 1;
            level++;
            onNodeCompleted?.Invoke(new NodeId(level, index), current.ToArray());
        }

        current.CopyTo(Slot(_count));
        _count++;
        Size++;
    }

    /// <summary>The RFC 9162 Merkle Tree Hash of the leaves appended so far.</summary>
    /// <returns>A new 32-byte root; <see cref="MerkleHash.EmptyRoot"/> when nothing has been appended.</returns>
    public byte[] Root()
    {
        if (_count == 0)
        {
            return MerkleHash.EmptyRoot();
        }

        var root = Slot(_count - 1).ToArray();
        for (var i = _count - 2; i >= 0; i--)
        {
            MerkleHash.Node(Slot(i), root, root);
        }

        return root;
    }

    private Span<byte> Slot(int i) => _hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size);
}
