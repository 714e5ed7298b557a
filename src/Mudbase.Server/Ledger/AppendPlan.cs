using Mudbase.Ledger;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Ledger;

/// <summary>The state of an organisation's log before a batch: its size and frontier.</summary>
internal sealed record LogHead(string OrgId, long Size, IReadOnlyList<byte[]> Frontier);

internal sealed record PlannedLeaf(EventDraft Draft, long Sequence, byte[] LeafHash, string Commitments, string Secrets);

/// <summary>Everything one batch writes for one organisation.</summary>
internal sealed record AppendPlan(
    string OrgId,
    IReadOnlyList<PlannedLeaf> Leaves,
    IReadOnlyList<(NodeId Node, byte[] Hash)> Nodes,
    long NewSize,
    byte[] NewFrontier,
    byte[] NewRoot);
