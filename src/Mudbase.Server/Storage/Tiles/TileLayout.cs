using Mudbase.Ledger;

namespace Mudbase.Server.Storage.Tiles;

/// <summary>Names one stored tile of an organisation's log (C2SP tlog-tiles): its level and its index on that level.</summary>
internal readonly record struct TileId(string OrgId, int Level, long Index);

/// <summary>
/// Where hashes live in C2SP tlog-tiles (https://c2sp.org/tlog-tiles): a tile of level L holds up to 256 consecutive
/// hashes of tree height 8·L, so level 0 tiles are the leaf hashes and the heights in between are recomputed from
/// them. A tile is full at 256 hashes and never changes again; only the right edge of each level is partial.
/// </summary>
internal static class TileLayout
{
    public const int Height = 8;
    public const int Width = 1 << Height;
    public const int MaxLevel = 63 / Height;

    /// <summary>How many hashes of tile (<paramref name="level"/>, <paramref name="index"/>) a tree of <paramref name="size"/> leaves has.</summary>
    public static int WidthAt(long size, int level, long index)
    {
        var hashes = HashesAt(size, level);
        var before = index * Width;
        return hashes <= before ? 0 : (int)Math.Min(Width, hashes - before);
    }

    /// <summary>How many complete subtrees of height 8·<paramref name="level"/> a tree of <paramref name="size"/> leaves has.</summary>
    public static long HashesAt(long size, int level) => level * Height >= 63 ? 0 : size >> (level * Height);

    /// <summary>The partial tiles at the right edge of a tree of <paramref name="size"/> leaves, with their widths.</summary>
    public static IReadOnlyList<(int Level, long Index, int Width)> PartialTiles(long size)
    {
        var tiles = new List<(int, long, int)>();
        for (var level = 0; level <= MaxLevel && HashesAt(size, level) > 0; level++)
        {
            var hashes = HashesAt(size, level);
            if (hashes % Width != 0)
                tiles.Add((level, hashes / Width, (int)(hashes % Width)));
        }
        return tiles;
    }

    /// <summary>The tile that holds <paramref name="node"/>'s hash or, between tile levels, the hashes below it.</summary>
    public static (int Level, long Index) TileOf(NodeId node)
    {
        var level = node.Level / Height;
        var firstHash = node.Index << (node.Level % Height);
        return (level, firstHash / Width);
    }

    /// <summary>
    /// The hash of the perfect subtree <paramref name="node"/> from the tile that holds its descendants of the tile's
    /// height: the hash itself when the node sits on a tile level, otherwise the 2^k hashes below it folded pairwise.
    /// </summary>
    public static byte[] NodeHash(NodeId node, ReadOnlySpan<byte> tile)
    {
        var below = node.Level % Height;
        var count = 1 << below;
        var offset = (int)((node.Index << below) % Width);
        if ((offset + count) * MerkleHash.Size > tile.Length)
            throw new ArgumentException($"The tile holds {tile.Length / MerkleHash.Size} hashes; node {node} needs {offset + count}");
        var hashes = tile.Slice(offset * MerkleHash.Size, count * MerkleHash.Size).ToArray();
        for (var width = count; width > 1; width /= 2)
        {
            for (var i = 0; i < width / 2; i++)
                MerkleHash.Node(hashes.AsSpan(2 * i * MerkleHash.Size, MerkleHash.Size),
                    hashes.AsSpan((2 * i + 1) * MerkleHash.Size, MerkleHash.Size), hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size));
        }
        return hashes[..MerkleHash.Size];
    }
}
