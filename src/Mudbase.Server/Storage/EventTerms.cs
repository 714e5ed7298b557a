namespace Mudbase.Server.Storage;

/// <summary>
/// The values the list and subject queries filter on, as stored in <c>event_postings</c> (org_id, run, field, value,
/// first_seq: one posting list per run and value, see <c>PostingLists</c>): written behind the log by the event indexer
/// in runs recorded in <c>event_index_runs</c>, whose last run ends at the organisation's watermark. Events past the watermark (the tail) are read from <c>event_details</c> and
/// <c>events</c> directly, so a query never misses an acknowledged event. Besides the detail values (userId,
/// ipAddress, resource) the entries hold the event row's type × severity, severity and actor, which replaced the
/// B-tree indexes of <c>events</c> a commit used to scatter entries over (schema version 16).
/// </summary>
internal static class EventTerms
{
    public const int UserId = 1;
    public const int IpAddress = 2;
    public const int Resource = 3;

    /// <summary>Event type and severity of one event, the value written by <see cref="TypeSeverity(string, string)"/>.</summary>
    public const int TypeAndSeverity = 4;
    public const int Severity = 5;
    public const int Actor = 6;

    /// <summary>
    /// The value of a <see cref="TypeAndSeverity"/> entry: the severity (a closed set of words without a colon) first,
    /// so no event type, whatever its characters, makes two pairs collide.
    /// </summary>
    public static string TypeSeverity(string eventType, string severity) => severity + ":" + eventType;

    /// <summary>The detail filter of a query that drives it (userId, then resource, then ipAddress).</summary>
    public static (int Field, string Value)? Driver(EventQuery query) =>
        query.UserId is { } user ? (UserId, user)
        : query.Resource is { } resource ? (Resource, resource)
        : query.IpAddress is { } ip ? (IpAddress, ip)
        : null;

    /// <summary>The last sequence number indexed in one organisation's log; 0 when none is.</summary>
    public static string Watermark(string org) =>
        $"COALESCE((SELECT last_seq FROM event_index_runs WHERE org_id = {org} ORDER BY first_seq DESC LIMIT 1), 0)";

    /// <summary>
    /// The query whose page is the next <paramref name="limit"/> events after <paramref name="after"/> that hold
    /// <paramref name="subject"/> as their userId, read from the posting lists and the tail like any list query.
    /// </summary>
    public static EventQuery Subject(string orgId, string subject, long after, int limit) =>
        new(orgId, [], [], subject, null, null, null, null, null, false, after, limit);
}
