using Mudbase.Ledger;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Tiles;

namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// Reads the perfect subtrees of one organisation's log from its tiles, for proof building. A node on a tile level
/// is a stored hash; one between tile levels is folded from the hashes below it in the same tile. Proofs of
/// neighbouring leaves share most tiles, so loaded tiles and computed nodes are kept in memory.
/// </summary>
internal sealed class NodeReader(ILedgerStore store, string orgId)
{
    private const int MaxCachedTiles = 4096;
    private const int MaxCachedNodes = 1 << 16;
    private readonly Dictionary<(int Level, long Index), byte[]> tiles = [];
    private readonly Dictionary<NodeId, byte[]> nodes = [];

    public async Task<byte[]> GetAsync(NodeId node, CancellationToken cancellationToken)
    {
        if (nodes.TryGetValue(node, out var hash))
            return hash;
        var tile = await TileAsync(TileLayout.TileOf(node), cancellationToken);
        try
        {
            hash = TileLayout.NodeHash(node, tile);
        }
        catch (ArgumentException)
        {
            throw Missing(node);
        }
        if (nodes.Count >= MaxCachedNodes)
            nodes.Clear();
        nodes[node] = hash;
        return hash;
    }

    private async Task<byte[]> TileAsync((int Level, long Index) id, CancellationToken cancellationToken)
    {
        if (tiles.TryGetValue(id, out var tile))
            return tile;
        if (tiles.Count >= MaxCachedTiles)
            tiles.Clear();
        var rows = await store.ReadTilesAsync(orgId, id.Level, id.Index, id.Index, cancellationToken);
        tile = rows.Count == 1 ? rows[0].Hashes : [];
        tiles[id] = tile;
        return tile;
    }

    private LedgerIntegrityException Missing(NodeId node) => new($"Tree node {node} of {orgId} is missing from the stored tiles");

    /// <summary>RFC 9162 MTH of leaves [start, end), from the stored perfect subtrees that cover it.</summary>
    public async Task<byte[]> HashRangeAsync(long start, long end, CancellationToken cancellationToken)
    {
        var decomposed = MerkleRanges.Decompose(start, end);
        var hashes = new byte[decomposed.Count][];
        for (var i = 0; i < decomposed.Count; i++)
            hashes[i] = await GetAsync(decomposed[i], cancellationToken);
        return MerkleRanges.HashDecomposed(hashes);
    }

    public Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long treeSize, CancellationToken cancellationToken) =>
        HashRangesAsync(MerkleRanges.InclusionProofRanges(index, treeSize), cancellationToken);

    public Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken) =>
        HashRangesAsync(MerkleRanges.ConsistencyProofRanges(oldSize, newSize), cancellationToken);

    private async Task<IReadOnlyList<byte[]>> HashRangesAsync(IReadOnlyList<(long Start, long End)> ranges, CancellationToken cancellationToken)
    {
        var proof = new byte[ranges.Count][];
        for (var i = 0; i < ranges.Count; i++)
            proof[i] = await HashRangeAsync(ranges[i].Start, ranges[i].End, cancellationToken);
        return proof;
    }
}
