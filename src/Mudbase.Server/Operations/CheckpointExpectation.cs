using Mudbase.Ledger;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Operations;

/// <summary>
/// Guards against serving a log restored from an older backup. A checkpoint already handed out certifies a size and a
/// root; a database whose log is shorter, or holds a different root at that size, would fork the log.
/// </summary>
internal static class CheckpointExpectation
{
    /// <summary>Null when the stored log reaches and agrees with the expected checkpoint, else the reason it does not.</summary>
    public static async Task<string?> ProblemAsync(ILedgerStore store, Checkpoint expected, CancellationToken cancellationToken)
    {
        var slash = expected.Origin.LastIndexOf('/');
        var orgId = slash >= 0 ? expected.Origin[(slash + 1)..] : expected.Origin;
        var latest = await store.LatestCheckpointAsync(orgId, cancellationToken);
        var head = latest?.TreeSize ?? 0;
        if (head < expected.Size)
            return $"the log of {orgId} ends at size {head}, behind the checkpoint at size {expected.Size} that was already handed out: " +
                "this database is older than that checkpoint (an older backup?) and serving it would fork the log";
        var atSize = await store.CheckpointAtAsync(orgId, expected.Size, cancellationToken);
        if (atSize is null)
            return $"the log of {orgId} has no checkpoint at size {expected.Size}, so it cannot be shown to extend the expected one";
        if (!atSize.Root.AsSpan().SequenceEqual(expected.RootHash))
            return $"the log of {orgId} has a different root at size {expected.Size} than the expected checkpoint: the log was forked";
        return null;
    }
}
