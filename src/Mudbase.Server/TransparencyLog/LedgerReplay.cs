using Mudbase.Ledger;
using Mudbase.Ledger.Evidence;
using Mudbase.Server.Storage;

namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// Re-derives a log from the stored rows — openings to commitments, leaves to leaf hashes, leaf hashes to the
/// root — and compares it with the latest signed checkpoint. Any altered, deleted, reordered or forged row shows up
/// as a mismatch naming the first bad leaf index.
/// </summary>
internal sealed class LedgerReplay(IEventStore events, ILedgerStore store, TimeProvider time)
{
    /// <param name="keys">The keys any of which may have signed the latest checkpoint.</param>
    /// <param name="expectedOrigin">The log's origin line; null to accept any origin that names the organisation.</param>
    public async Task<SelfCheckResult> CheckAsync(
        string orgId, IReadOnlyList<NoteVerifier> keys, string? expectedOrigin, CancellationToken cancellationToken)
    {
        var checkpoint = await store.LatestCheckpointAsync(orgId, cancellationToken);
        if (checkpoint is null)
            return await CheckUncheckpointedAsync(orgId, cancellationToken);
        string? body = null;
        if (!keys.Any(k => k.TryVerify(checkpoint.Note, out body))
            || !Checkpoint.TryParse(body!, out var signed)
            || !(expectedOrigin is null ? signed.Origin.EndsWith("/" + orgId, StringComparison.Ordinal) : signed.Origin == expectedOrigin)
            || signed.Size != checkpoint.TreeSize
            || !signed.RootHash.AsSpan().SequenceEqual(checkpoint.Root))
            return Fail(orgId, checkpoint.TreeSize, "the latest checkpoint's signature or contents do not verify", null);

        var range = new CompactRange();
        await using var checkpoints = store.ReadCheckpointRootsAsync(orgId, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasCheckpoint = await checkpoints.MoveNextAsync();
        long lastGoodSize = 0;
        await foreach (var stored in events.ReadRangeAsync(orgId, 1, long.MaxValue, cancellationToken))
        {
            var index = range.Size;
            if (stored.Sequence != index + 1)
                return Fail(orgId, checkpoint.TreeSize, $"expected sequence {index + 1} but found {stored.Sequence} (missing or reordered rows)", index);
            if (!TryOpen(stored, out var opening, out var undecodable))
                return Fail(orgId, checkpoint.TreeSize, $"the stored details of the event cannot be decoded: {undecodable}", index);
            var rebuilt = LeafRebuilder.TryRebuild(opening.Event, opening.Details, out var error, out _);
            if (rebuilt is null)
                return Fail(orgId, checkpoint.TreeSize, error!, index);
            if (!rebuilt.AsSpan().SequenceEqual(stored.LeafHash))
                return Fail(orgId, checkpoint.TreeSize, "the stored event does not hash to its stored leaf hash", index);
            range.Append(rebuilt);
            // Every batch signed a checkpoint; the first one the rebuilt prefix disagrees with brackets the forgery.
            if (hasCheckpoint && checkpoints.Current.TreeSize == range.Size)
            {
                if (!range.Root().AsSpan().SequenceEqual(checkpoints.Current.Root))
                    return Fail(orgId, checkpoint.TreeSize,
                        $"the events up to size {range.Size} do not hash to the root that was signed at that size", lastGoodSize);
                lastGoodSize = range.Size;
                hasCheckpoint = await checkpoints.MoveNextAsync();
            }
        }
        if (range.Size != checkpoint.TreeSize)
            return Fail(orgId, checkpoint.TreeSize, $"the store holds {range.Size} events but the checkpoint certifies {checkpoint.TreeSize}",
                Math.Min(range.Size, checkpoint.TreeSize));
        if (!range.Root().AsSpan().SequenceEqual(checkpoint.Root))
            return Fail(orgId, checkpoint.TreeSize, "the root recomputed from the stored events differs from the signed checkpoint", lastGoodSize);
        return new SelfCheckResult(orgId, true, checkpoint.TreeSize, time.GetUtcNow(), null, null);
    }

    private async Task<SelfCheckResult> CheckUncheckpointedAsync(string orgId, CancellationToken cancellationToken)
    {
        await foreach (var _ in events.ReadRangeAsync(orgId, 1, long.MaxValue, cancellationToken))
            return Fail(orgId, 0, "events exist but no signed checkpoint covers them", 0);
        return new SelfCheckResult(orgId, true, 0, time.GetUtcNow(), null, null);
    }

    private static bool TryOpen(
        StoredEvent stored, out (EvidenceEvent Event, IReadOnlyDictionary<string, EvidenceDetail> Details) opening, out string? problem)
    {
        try
        {
            opening = LeafOpenings.From(stored);
            problem = null;
            return true;
        }
        catch (InvalidDataException e)
        {
            opening = default;
            problem = e.Message;
            return false;
        }
    }

    private SelfCheckResult Fail(string orgId, long treeSize, string problem, long? index) =>
        new(orgId, false, treeSize, time.GetUtcNow(), problem, index);
}
