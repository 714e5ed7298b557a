namespace Mudbase.Ledger.Evidence;

/// <summary>The outcome of <see cref="EvidenceVerifier"/>.</summary>
/// <param name="Ok">True only when every check on the header, the checkpoint and every event line held.</param>
/// <param name="EventsVerified">Event lines that passed every check (before the first failure, if any).</param>
/// <param name="ErasedDetails">Details among the verified events whose value and salt were erased; their commitments still bind the leaves.</param>
/// <param name="KeyPinned">
/// True when the checkpoint was checked against a key the caller supplied; false when the bundle's own key had to be
/// trusted, which proves only that the bundle is self-consistent, not that the log's operator signed it.
/// </param>
/// <param name="Checkpoint">The checkpoint, once its signature verified; null when verification stopped before that.</param>
/// <param name="FirstFailure">The first check that failed; null when <paramref name="Ok"/>.</param>
public sealed record EvidenceReport(
    bool Ok,
    long EventsVerified,
    long ErasedDetails,
    bool KeyPinned,
    Checkpoint? Checkpoint,
    EvidenceFailure? FirstFailure);

/// <summary>Why an evidence bundle failed verification.</summary>
/// <param name="LeafIndex">
/// The log position the failing line should have held (for a missing, duplicated or reordered line this is the expected
/// index, and the reason names the one found); null for failures of the header or the checkpoint.
/// </param>
/// <param name="EventId">The event id on the failing line, when it could be read.</param>
/// <param name="Reason">A sentence for the auditor.</param>
public sealed record EvidenceFailure(long? LeafIndex, string? EventId, string Reason);
