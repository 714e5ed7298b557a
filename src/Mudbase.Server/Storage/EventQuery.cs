namespace Mudbase.Server.Storage;

/// <summary>
/// A filtered page of one organisation's events in sequence order. Paging is by sequence (keyset), so pages stay
/// stable while new events arrive: <see cref="AfterSequence"/> is exclusive in the direction of travel.
/// </summary>
internal sealed record EventQuery(
    string OrgId,
    IReadOnlyList<string> EventTypes,
    IReadOnlyList<string> Severities,
    string? UserId,
    string? IpAddress,
    string? Resource,
    string? Actor,
    DateTimeOffset? From,
    DateTimeOffset? To,
    bool Descending,
    long? AfterSequence,
    int Limit)
{
    /// <summary>True when a filter reads a column of the event row (type, severity, actor, recordedAt).</summary>
    public bool FiltersEventRows => EventTypes.Count > 0 || Severities.Count > 0 || Actor is not null || From is not null || To is not null;

    /// <summary>How many detail values (userId, ipAddress, resource) the query filters on.</summary>
    public int DetailFilters => (UserId is null ? 0 : 1) + (IpAddress is null ? 0 : 1) + (Resource is null ? 0 : 1);
}

/// <summary>Event counts of one organisation since a moment.</summary>
internal sealed record EventCounts(
    IReadOnlyDictionary<string, long> BySeverity, IReadOnlyDictionary<string, long> ByType, long Total);

/// <summary>Totals over the whole log.</summary>
internal sealed record EventTotals(long Total, DateTimeOffset? LastRecordedAt);
