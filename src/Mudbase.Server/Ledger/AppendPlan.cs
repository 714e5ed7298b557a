using Mudbase.Ledger;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Ledger;

/// <summary>The state of an organisation's log before a batch, with its latest signed checkpoint.</summary>
internal sealed record LogHead(string OrgId, long Size, IReadOnlyList<byte[]> Frontier, byte[]? CheckpointRoot, long CheckpointSize);

/// <summary>A draft's salted commitments, plain values with their salts, and its leaf with the sequence number open.</summary>
internal sealed record PreparedLeaf(LeafTemplate Template, string Commitments, string Secrets);

internal sealed record PlannedLeaf(EventDraft Draft, long Sequence, byte[] LeafHash, string Commitments, string Secrets);

/// <summary>Everything one batch writes for one organisation, including the checkpoint signed over the result.</summary>
internal sealed record AppendPlan(
    string OrgId,
    IReadOnlyList<PlannedLeaf> Leaves,
    IReadOnlyList<(NodeId Node, byte[] Hash)> Nodes,
    long NewSize,
    byte[] NewFrontier,
    byte[] NewRoot,
    string Checkpoint);

/// <summary>The stored head does not match the last signed checkpoint: the store was altered. Nothing is appended.</summary>
internal sealed class LedgerIntegrityException(string message) : Exception(message);
