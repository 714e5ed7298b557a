using Mudbase.Contracts;
using Mudbase.Ledger.Evidence;

namespace Mudbase.Client;

/// <summary>
/// Turns a proof's <see cref="LeafOpening"/> (wire records) into the ledger library's evidence records, so that
/// <see cref="LeafRebuilder"/> can recompute its leaf hash without trusting the server.
/// </summary>
public static class LeafOpeningConversions
{
    /// <summary>The leaf's public fields as the ledger library's <see cref="EvidenceEvent"/>.</summary>
    /// <param name="leafEvent">The wire record.</param>
    public static EvidenceEvent ToEvidenceEvent(this LeafEvent leafEvent)
    {
        ArgumentNullException.ThrowIfNull(leafEvent);
        return new EvidenceEvent(leafEvent.Id, leafEvent.Seq, leafEvent.Org, leafEvent.EventType, leafEvent.Severity,
            leafEvent.RecordedAt, leafEvent.Actor, leafEvent.Source);
    }

    /// <summary>The detail openings as the ledger library's <see cref="EvidenceDetail"/>s, by detail key.</summary>
    /// <param name="opening">The wire record.</param>
    public static IReadOnlyDictionary<string, EvidenceDetail> ToEvidenceDetails(this LeafOpening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        return opening.Details.ToDictionary(
            pair => pair.Key, pair => new EvidenceDetail(pair.Value.Commitment, pair.Value.Value, pair.Value.Salt, pair.Value.Erased),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Recomputes the leaf hash with <see cref="LeafRebuilder.TryRebuild"/>; null, with the reason, when an opened
    /// detail does not match its commitment.
    /// </summary>
    /// <param name="opening">The proof's leaf.</param>
    /// <param name="error">Why the opening is invalid, when null is returned.</param>
    /// <param name="erased">How many details were erased.</param>
    public static byte[]? TryRebuildLeafHash(this LeafOpening opening, out string? error, out int erased)
    {
        ArgumentNullException.ThrowIfNull(opening);
        return LeafRebuilder.TryRebuild(opening.Event.ToEvidenceEvent(), opening.ToEvidenceDetails(), out error, out erased);
    }
}
