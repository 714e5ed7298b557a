using Mudbase.Ledger;
using Mudbase.Server.Storage.Tiles;

namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// Collects the hashes a batch adds on each tile level and cuts them into tile writes: the partial right edge it
/// started from, extended, and every tile filled on the way. Tiles the batch adds nothing to are not written.
/// </summary>
internal sealed class TileBuilder
{
    private readonly List<TileWrite> written = [];
    private readonly Dictionary<int, (long Index, List<byte> Hashes)> open = [];
    private readonly HashSet<int> changed = [];

    public TileBuilder(string orgId, long size, IReadOnlyDictionary<TileId, byte[]> edges)
    {
        foreach (var (level, index, width) in TileLayout.PartialTiles(size))
        {
            var tile = edges.GetValueOrDefault(new TileId(orgId, level, index));
            if (tile is null || tile.Length != width * MerkleHash.Size)
                throw new LedgerIntegrityException(
                    $"Tile {level}/{index} of {orgId} holds {(tile?.Length ?? 0) / MerkleHash.Size} hashes where the log of size {size} has {width}; refusing to append");
            open[level] = (index, [.. tile]);
        }
        for (var level = 0; level <= TileLayout.MaxLevel; level++)
        {
            if (!open.ContainsKey(level))
                open[level] = (TileLayout.HashesAt(size, level) / TileLayout.Width, []);
        }
    }

    /// <summary>Adds the hash of a completed subtree; only those on a tile level (height a multiple of 8) are kept.</summary>
    public void Add(NodeId node, byte[] hash)
    {
        if (node.Level % TileLayout.Height != 0)
            return;
        var level = node.Level / TileLayout.Height;
        var (index, hashes) = open[level];
        hashes.AddRange(hash);
        changed.Add(level);
        if (hashes.Count < TileLayout.Width * MerkleHash.Size)
            return;
        written.Add(new TileWrite(level, index, [.. hashes]));
        open[level] = (index + 1, []);
        changed.Remove(level);
    }

    /// <summary>Every tile the batch filled, then the partial tiles it changed.</summary>
    public IReadOnlyList<TileWrite> Build()
    {
        var tiles = new List<TileWrite>(written);
        foreach (var level in changed.Order())
            tiles.Add(new TileWrite(level, open[level].Index, [.. open[level].Hashes]));
        return tiles;
    }
}
