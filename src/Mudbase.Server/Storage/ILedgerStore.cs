namespace Mudbase.Server.Storage;

internal sealed record CheckpointRecord(string OrgId, long TreeSize, byte[] Root, string Note, DateTimeOffset SignedAt);

/// <summary>Read side of the Merkle log: checkpoints, tiles and maintenance.</summary>
internal interface ILedgerStore
{
    Task<CheckpointRecord?> LatestCheckpointAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>Every signed checkpoint's size and root, smallest first.</summary>
    IAsyncEnumerable<(long TreeSize, byte[] Root)> ReadCheckpointRootsAsync(string orgId, CancellationToken cancellationToken);

    Task<CheckpointRecord?> CheckpointAtAsync(string orgId, long treeSize, CancellationToken cancellationToken);

    /// <summary>
    /// The stored tiles (C2SP tlog-tiles, see <see cref="Tiles.TileLayout"/>) of <paramref name="level"/> with index in
    /// [from, to], each with its hashes concatenated: 256 for a full tile, fewer at the right edge. Missing tiles are absent.
    /// </summary>
    Task<IReadOnlyList<(long Index, byte[] Hashes)>> ReadTilesAsync(
        string orgId, int level, long from, long to, CancellationToken cancellationToken);

    /// <summary>First and last sequence of the events recorded in [from, to); null when there are none.</summary>
    Task<(long First, long Last)?> SequenceRangeAsync(
        string orgId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> LogOrgIdsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Erases the plain values and salts of the given detail keys of one event (GDPR). The commitments in the
    /// leaf stay, so every proof still verifies. Returns false when the event does not exist in the organisation.
    /// </summary>
    Task<bool> EraseDetailsAsync(string orgId, string eventId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}
