using Mudbase.Ledger;
using Mudbase.Server.Storage;

namespace Mudbase.Server.TransparencyLog;

/// <summary>The state of an organisation's log before a batch, with its latest signed checkpoint.</summary>
internal sealed record LogHead(string OrgId, long Size, IReadOnlyList<byte[]> Frontier, byte[]? CheckpointRoot, long CheckpointSize);

/// <summary>
/// What a draft stores in its event row's <c>commitments</c> and its details row's <c>secrets</c> (in one of
/// <see cref="Storage.Details.DetailCodec"/>'s stored layouts), and its leaf with the sequence number open.
/// </summary>
internal sealed record PreparedLeaf(LeafTemplate Template, byte[] Commitments, byte[] Secrets);

/// <summary>A draft with its prepared leaf, as it waits in the append queue.</summary>
internal sealed record PreparedDraft(EventDraft Draft, PreparedLeaf Leaf);

internal sealed record PlannedLeaf(EventDraft Draft, long Sequence, byte[] LeafHash, byte[] Commitments, byte[] Secrets);

/// <summary>The whole new content of one tile: a full tile written once, or the partial right edge rewritten.</summary>
internal sealed record TileWrite(int Level, long Index, byte[] Hashes);

/// <summary>Everything one batch writes for one organisation, including the checkpoint signed over the result.</summary>
internal sealed record AppendPlan(
    string OrgId,
    IReadOnlyList<PlannedLeaf> Leaves,
    IReadOnlyList<TileWrite> Tiles,
    long NewSize,
    byte[] NewFrontier,
    byte[] NewRoot,
    string Checkpoint);

/// <summary>The stored head does not match the last signed checkpoint: the store was altered. Nothing is appended.</summary>
internal sealed class LedgerIntegrityException(string message) : Exception(message);
