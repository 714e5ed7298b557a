using System.Text.Json;
using Mudbase.Ledger;
using Mudbase.Ledger.Evidence;
using Mudbase.Server.Storage;

namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// Streams an evidence bundle: a header with the latest signed checkpoint, then every event recorded in the
/// time window with its salts and inclusion proof against that checkpoint. Memory stays bounded whatever the size.
/// </summary>
internal sealed class EvidenceExporter(IEventStore events, ILedgerStore store, LedgerSigner signer, TimeProvider time)
{
    private const int FlushEvery = 256;
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task WriteAsync(string orgId, DateTimeOffset? from, DateTimeOffset? to, Stream output, CancellationToken cancellationToken)
    {
        var checkpoint = await store.LatestCheckpointAsync(orgId, cancellationToken);
        var treeSize = checkpoint?.TreeSize ?? 0;
        var root = checkpoint?.Root ?? MerkleHash.EmptyRoot();
        var range = await store.SequenceRangeAsync(orgId, from, to, cancellationToken);
        // Everything between the first and last matching sequence, so the bundle is one contiguous run of leaves.
        var first = range?.First ?? treeSize + 1;
        var last = Math.Min(range?.Last ?? treeSize, treeSize);
        if (last < first)
            (first, last) = (treeSize + 1, treeSize);

        var header = new EvidenceHeader(EvidenceHeader.FormatName, EvidenceHeader.CurrentVersion, signer.OriginOf(orgId),
            checkpoint?.Note ?? signer.Sign(orgId, 0, root), signer.VerifierKey, treeSize, Convert.ToBase64String(root),
            first - 1, last - 1, last - first + 1, time.GetUtcNow());
        await JsonSerializer.SerializeAsync(output, header, EvidenceJsonContext.Default.EvidenceHeader, cancellationToken);
        await output.WriteAsync(NewLine, cancellationToken);

        var nodes = new NodeReader(store, orgId);
        var written = 0;
        await foreach (var stored in events.ReadRangeAsync(orgId, first, last, cancellationToken))
        {
            var opening = LeafOpenings.From(stored);
            var proof = await ProofOrEmptyAsync(nodes, stored.Sequence - 1, treeSize, cancellationToken);
            var record = new EvidenceRecord(stored.Sequence - 1, opening.Event, opening.Details,
                Convert.ToBase64String(stored.LeafHash), proof.Select(Convert.ToBase64String).ToList());
            await JsonSerializer.SerializeAsync(output, record, EvidenceJsonContext.Default.EvidenceRecord, cancellationToken);
            await output.WriteAsync(NewLine, cancellationToken);
            if (++written % FlushEvery == 0)
                await output.FlushAsync(cancellationToken);
        }
    }

    // A damaged store must still produce a complete bundle, so the verifier can name the damaged line.
    private static async Task<IReadOnlyList<byte[]>> ProofOrEmptyAsync(
        NodeReader nodes, long index, long treeSize, CancellationToken cancellationToken)
    {
        try
        {
            return await nodes.InclusionProofAsync(index, treeSize, cancellationToken);
        }
        catch (LedgerIntegrityException)
        {
            return [];
        }
    }
}
