using Mudbase.Contracts;

namespace Mudbase.Server.Storage.Postings;

/// <summary>
/// Finds the sequence numbers of one page of an <see cref="EventQuery"/>, the same for both providers. A query with a
/// value the detail index holds (see <see cref="EventTerms"/>: a detail value, one event type × severity pair or one
/// severity, the actor) reads the posting lists of that value in the indexed runs — one arm per pair or severity —
/// part by part in sequence order, checks the candidates against the rows only when another filter needs it, and
/// adds the unindexed tail past the watermark, read from the rows. A query with no such value reads the rows.
/// </summary>
internal static class PostingQueries
{
    // Past this many type × severity pairs one scan of the rows reads fewer rows than the arms would.
    private const int MaxArms = 32;

    // Parts read at a time by an arm, doubled each round up to the largest: a page usually needs only its first part.
    private const int FirstParts = 2;
    private const int MostParts = 64;

    // Candidates this dense or denser are checked by reading the rows of their span (CheckAsync).
    private const int DenseSpan = 16;

    public static async Task<List<long>> PageAsync(IEventPageReader reader, EventQuery query, CancellationToken cancellationToken)
    {
        var bounds = await reader.BoundsAsync(query, cancellationToken);
        var (lower, upper) = (bounds.Lower, bounds.Upper);
        if (query.AfterSequence is { } after)
        {
            if (query.Descending)
                upper = Math.Min(upper, after);
            else
                lower = Math.Max(lower, after + 1);
        }
        if (lower >= upper)
            return [];
        if (Arms(query) is not { } arms)
            return await reader.MatchingAsync(query, lower, upper, null, query.Limit, cancellationToken);

        var page = new List<long>();
        var indexedUpper = Math.Min(upper, bounds.Watermark + 1);
        if (lower < indexedUpper)
        {
            foreach (var arm in arms)
                page.AddRange(await ArmAsync(reader, query, arm, lower, indexedUpper, cancellationToken));
        }
        var tailLower = Math.Max(lower, bounds.Watermark + 1);
        if (tailLower < upper)
            page.AddRange(await reader.MatchingAsync(query, tailLower, upper, null, query.Limit, cancellationToken));
        page.Sort();
        // A dense arm's check (CheckAsync) may also find another arm's events: each once.
        page = DistinctSorted(page);
        if (query.Descending)
            page.Reverse();
        return page.Count > query.Limit ? page[..query.Limit] : page;
    }

    /// <summary>
    /// The values whose posting lists a query reads, each with whether its candidates must still be checked against
    /// the rows (another filter applies); null when the query has no such value. An entry matches its value exactly:
    /// erasure removes the erased values' sequence numbers from their lists.
    /// </summary>
    private static List<Arm>? Arms(EventQuery query)
    {
        var window = query.From is not null || query.To is not null;
        if (EventTerms.Driver(query) is { } driver)
            return [new Arm(driver.Field, driver.Value, query.FiltersEventRows || query.DetailFilters > 1)];
        var types = query.EventTypes;
        // Types alone are read one arm per type × severity pair: there is no type field.
        var severities = types.Count > 0 && query.Severities.Count == 0 ? Severities.All : query.Severities;
        if (severities.Count > 0 && Math.Max(1, types.Count) * severities.Count <= MaxArms)
        {
            var checks = query.Actor is not null || window;
            var arms = new List<Arm>();
            foreach (var severity in severities)
            {
                if (types.Count == 0)
                    arms.Add(new Arm(EventTerms.Severity, severity, checks));
                arms.AddRange(types.Select(type => new Arm(EventTerms.TypeAndSeverity, EventTerms.TypeSeverity(type, severity), checks)));
            }
            return arms;
        }
        if (query.Actor is { } actor)
            return [new Arm(EventTerms.Actor, actor, types.Count > 0 || query.Severities.Count > 0 || window)];
        return null;
    }

    /// <summary>Up to a page of one arm's sequence numbers in [<paramref name="lower"/>, <paramref name="upper"/>), in the query's order.</summary>
    private static async Task<List<long>> ArmAsync(
        IEventPageReader reader, EventQuery query, Arm arm, long lower, long upper, CancellationToken cancellationToken)
    {
        var found = new List<long>();
        var (from, to) = (lower, upper);
        for (var parts = FirstParts; found.Count < query.Limit; parts = Math.Min(parts * 2, MostParts))
        {
            var read = await reader.PartsAsync(query.OrgId, arm.Field, arm.Value, from, to, query.Descending, parts, cancellationToken);
            if (read.Count == 0)
                break;
            var candidates = new List<long>();
            foreach (var part in read)
            {
                var sequences = PostingLists.Decode(part);
                if (query.Descending)
                    sequences.Reverse();
                // The range still to read, not the arm's: a merge of runs between two reads may cut the parts anew.
                candidates.AddRange(sequences.Where(s => s >= from && s < to));
            }
            if (query.Descending)
                to = read[^1].First;
            else
                from = read[^1].Last + 1;
            if (arm.CheckRows && candidates.Count > 0)
                candidates = await CheckAsync(reader, query, lower, upper, candidates, query.Limit - found.Count, cancellationToken);
            found.AddRange(candidates.Take(query.Limit - found.Count));
            if (read.Count < parts || from >= to)
                break;
        }
        return found;
    }

    /// <summary>
    /// The first <paramref name="wanted"/> candidates, in the query's order, that pass every filter of the query.
    /// Dense candidates (at least one event in <see cref="DenseSpan"/> around them holds the arm's value) are checked by
    /// reading the rows of their span with every filter, the arm's value among them: a read holds every sequence number
    /// of the value in its span, so the rows that pass are the candidates that pass, and perhaps events of another arm
    /// that pass too (<see cref="PageAsync"/> keeps each once; a page of the earliest matches stays the earliest). A list
    /// of a thousand sequence numbers costs SQLite more to parse and sort than the rows between them cost to read.
    /// </summary>
    private static Task<List<long>> CheckAsync(
        IEventPageReader reader, EventQuery query, long lower, long upper, List<long> candidates, int wanted, CancellationToken cancellationToken)
    {
        var (first, last) = query.Descending ? (candidates[^1], candidates[0]) : (candidates[0], candidates[^1]);
        return last - first + 1 <= (long)DenseSpan * candidates.Count
            ? reader.MatchingAsync(query, first, last + 1, null, wanted, cancellationToken)
            : reader.MatchingAsync(query, lower, upper, candidates, wanted, cancellationToken);
    }

    private static List<long> DistinctSorted(List<long> sorted)
    {
        var distinct = new List<long>(sorted.Count);
        foreach (var sequence in sorted)
        {
            if (distinct.Count == 0 || distinct[^1] != sequence)
                distinct.Add(sequence);
        }
        return distinct;
    }

    /// <param name="Field">The field of the detail index (<see cref="EventTerms"/>).</param>
    /// <param name="Value">The value whose posting lists the arm reads.</param>
    /// <param name="CheckRows">True when another filter applies, checked against the rows.</param>
    private sealed record Arm(int Field, string Value, bool CheckRows);
}
