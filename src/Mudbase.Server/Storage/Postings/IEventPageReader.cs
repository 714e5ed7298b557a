namespace Mudbase.Server.Storage.Postings;

/// <summary>
/// What <see cref="PostingQueries"/> reads from a provider to find one page of an <see cref="EventQuery"/>, on the
/// caller's connection (and transaction).
/// </summary>
internal interface IEventPageReader
{
    /// <summary>The query's sequence range from its recordedAt window (through event_time_marks), and the watermark.</summary>
    Task<PageBounds> BoundsAsync(EventQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="max"/> parts of the posting lists of one value in the indexed runs, in sequence order
    /// (descending when asked), whose ranges meet [<paramref name="lower"/>, <paramref name="upper"/>).
    /// </summary>
    Task<IReadOnlyList<PostingPart>> PartsAsync(
        string orgId, int field, string value, long lower, long upper, bool descending, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The sequence numbers in [<paramref name="lower"/>, <paramref name="upper"/>) of the events that pass every
    /// filter of the query, only among <paramref name="among"/> when given, in the query's order, at most <paramref name="limit"/>.
    /// </summary>
    Task<List<long>> MatchingAsync(
        EventQuery query, long lower, long upper, IReadOnlyList<long>? among, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// The sequence range [<see cref="Lower"/>, <see cref="Upper"/>) a query's recordedAt window allows (empty when
/// no event is that recent), and the organisation's watermark: the last sequence number the runs cover.
/// </summary>
internal sealed record PageBounds(long Lower, long Upper, long Watermark);
