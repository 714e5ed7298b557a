using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Storage;

/// <summary>
/// Decides, on the rows an erasure read inside its transaction, which details go and which events a legal hold
/// keeps; every provider applies the result the same way.
/// </summary>
internal static class ErasurePlanner
{
    public static ErasureOutcome Plan(
        IReadOnlyList<ErasureCandidate> candidates, IReadOnlyList<LegalHoldRecord> holds, IReadOnlyCollection<string>? keys)
    {
        var erased = new List<DetailErasure>();
        var heldBack = new List<HeldBackEvent>();
        foreach (var candidate in candidates)
        {
            var names = EventDetails.OpenKeys(candidate.Secrets).FindAll(name => keys is null || keys.Contains(name));
            if (names.Count == 0)
                continue;
            if (holds.FirstOrDefault(h => h.Covers(candidate.UserId, candidate.RecordedAt)) is { } hold)
            {
                heldBack.Add(new HeldBackEvent(candidate.EventId, hold.Id, hold.Reason));
                continue;
            }
            erased.Add(new DetailErasure(candidate.EventId, EventDetails.Without(candidate.Secrets, names),
                names.Contains("userId"), names.Contains("ipAddress"), names.Contains("resource"), names.Count));
        }
        return new ErasureOutcome(candidates.Count, erased, heldBack, candidates.Count == 0 ? 0 : candidates[^1].Sequence);
    }
}
