using Mudbase.Ledger;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Ledger;

/// <summary>
/// Reads tree nodes of one organisation's log for proof building. Proofs of neighbouring leaves share most
/// nodes, so a miss loads a window of the level around it and later lookups are served from memory.
/// </summary>
internal sealed class NodeReader(ILedgerStore store, string orgId)
{
    private const int Window = 256;
    private const int MaxCached = 1 << 18;
    private readonly Dictionary<NodeId, byte[]> cache = [];

    public async Task<byte[]> GetAsync(NodeId node, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(node, out var hash))
            return hash;
        if (cache.Count > MaxCached)
            cache.Clear();
        var rows = await store.ReadLevelAsync(orgId, node.Level, Math.Max(0, node.Index - Window), node.Index + Window, cancellationToken);
        foreach (var (index, value) in rows)
            cache[new NodeId(node.Level, index)] = value;
        return cache.TryGetValue(node, out hash)
            ? hash
            : throw new LedgerIntegrityException($"Tree node {node} of {orgId} is missing from the store");
    }

    /// <summary>RFC 9162 MTH of leaves [start, end), from the stored perfect subtrees that cover it.</summary>
    public async Task<byte[]> HashRangeAsync(long start, long end, CancellationToken cancellationToken)
    {
        var nodes = MerkleRanges.Decompose(start, end);
        var hashes = new byte[nodes.Count][];
        for (var i = 0; i < nodes.Count; i++)
            hashes[i] = await GetAsync(nodes[i], cancellationToken);
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
