namespace Mudbase.Server.Storage;

/// <summary>
/// The provider-neutral part of claiming keys inside an append transaction, after the log heads are locked: the
/// lock serialises every append of an organisation on every node, so what the transaction reads cannot change
/// before it commits.
/// </summary>
internal static class IdempotencyClaims
{
    /// <summary>The distinct claims of a batch, in draft order.</summary>
    public static List<IdempotencyClaim> Of(IReadOnlyList<EventDraft> batch)
    {
        var claims = new List<IdempotencyClaim>();
        var seen = new HashSet<IdempotencyClaim>(ReferenceEqualityComparer.Instance);
        foreach (var draft in batch)
        {
            if (draft.Claim is { } claim && seen.Add(claim))
                claims.Add(claim);
        }
        return claims;
    }

    /// <summary>
    /// Marks each claim whose scope already holds a live record, or is claimed earlier in the same batch, and
    /// returns the claims that won: their records are to be written.
    /// </summary>
    public static List<IdempotencyClaim> Resolve(
        IReadOnlyList<IdempotencyClaim> claims, IReadOnlyDictionary<IdempotencyScope, IdempotencyRecord> live)
    {
        var winners = new Dictionary<IdempotencyScope, IdempotencyClaim>();
        foreach (var claim in claims)
        {
            if (live.TryGetValue(claim.Scope, out var existing))
                claim.Found = existing;
            else if (winners.TryGetValue(claim.Scope, out var first))
                claim.Found = first.Record;
            else
                winners[claim.Scope] = claim;
        }
        return winners.Values.ToList();
    }
}
