using Mudbase.Contracts;
using Mudbase.Ledger.Evidence;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.TransparencyLog;

/// <summary>Presents a stored event as what its leaf commits to, with the salts that open the commitments.</summary>
internal static class LeafOpenings
{
    /// <summary>The stored event as the ledger library's evidence records, for bundles and for rebuilding its leaf.</summary>
    public static (EvidenceEvent Event, IReadOnlyDictionary<string, EvidenceDetail> Details) From(StoredEvent stored)
    {
        var evidenceEvent = new EvidenceEvent(stored.Id, stored.Sequence, stored.OrgId, stored.EventType, stored.Severity,
            AppendPlanner.FormatTimestamp(stored.RecordedAt), stored.Actor, stored.Source);
        return (evidenceEvent, Details(stored));
    }

    /// <summary>The stored event as a proof's <c>leaf</c>: the same JSON as a bundle line's <c>event</c> and <c>details</c>.</summary>
    public static LeafOpening ForWire(StoredEvent stored)
    {
        var (e, details) = From(stored);
        return new LeafOpening(
            new LeafEvent(e.Id, e.Seq, e.Org, e.EventType, e.Severity, e.RecordedAt, e.Actor, e.Source),
            details.ToDictionary(p => p.Key, p => new LeafDetail(p.Value.Commitment, p.Value.Value, p.Value.Salt, p.Value.Erased), StringComparer.Ordinal));
    }

    private static Dictionary<string, EvidenceDetail> Details(StoredEvent stored)
    {
        var read = EventDetails.Read(stored.Commitments, stored.Secrets);
        var details = new Dictionary<string, EvidenceDetail>(StringComparer.Ordinal);
        foreach (var detail in read.Committed)
        {
            details[detail.Key] = detail.Erased
                ? new EvidenceDetail(read.CommitmentText(detail), Erased: true)
                : new EvidenceDetail(read.CommitmentText(detail), DetailCodec.Value(detail.Value), Convert.ToBase64String(read.Salt(detail)));
        }
        return details;
    }
}
