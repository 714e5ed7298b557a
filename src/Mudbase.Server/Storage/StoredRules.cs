namespace Mudbase.Server.Storage;

/// <summary>Decisions every provider makes the same way on the rows it has read.</summary>
internal static class StoredRules
{
    /// <summary>What presenting a refresh token means, given its stored state.</summary>
    public static RefreshOutcome Refresh(bool consumed, bool revoked, DateTimeOffset expiresAt, DateTimeOffset now) =>
        revoked ? RefreshOutcome.Revoked
        : consumed ? RefreshOutcome.Reused
        : expiresAt <= now ? RefreshOutcome.Expired
        : RefreshOutcome.Valid;

    /// <summary>Folds (severity, type, count) groups into the per-severity and per-type tallies.</summary>
    public static EventCounts Counts(IEnumerable<(string Severity, string Type, long Count)> groups)
    {
        var bySeverity = new Dictionary<string, long>(StringComparer.Ordinal);
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        foreach (var (severity, type, count) in groups)
        {
            bySeverity[severity] = bySeverity.GetValueOrDefault(severity) + count;
            byType[type] = byType.GetValueOrDefault(type) + count;
            total += count;
        }
        return new EventCounts(bySeverity, byType, total);
    }
}
