namespace Mudbase.Server.Storage.Postings;

/// <summary>
/// Collects the posting lists of one run: first the stored lists of the runs it absorbs (<see cref="AddStored"/>), then
/// the values of the events past them (<see cref="Add"/>), in sequence order. The lists are grouped by hashing, one
/// ordinal dictionary per field, and only the distinct values are sorted, once, by <see cref="Build"/>. The type ×
/// severity values are grouped by severity and type and joined into one string per distinct pair, not per event.
/// </summary>
internal sealed class RunPostings
{
    private static readonly int[] Fields =
        [EventTerms.UserId, EventTerms.IpAddress, EventTerms.Resource, EventTerms.TypeAndSeverity, EventTerms.Severity, EventTerms.Actor];

    private readonly Dictionary<string, List<long>>[] byField =
        [.. Enumerable.Range(0, Fields.Max() + 1).Select(_ => new Dictionary<string, List<long>>(StringComparer.Ordinal))];

    // Severity → event type → sequence numbers of the events added since the stored lists.
    private readonly Dictionary<string, Dictionary<string, List<long>>> typesBySeverity = new(StringComparer.Ordinal);

    /// <summary>Adds the stored parts of absorbed runs, in key order within each run and the runs in sequence order.</summary>
    /// <exception cref="InvalidDataException">A part does not decode: the run is not written from a damaged list.</exception>
    public RunPostings AddStored(IEnumerable<StoredPosting> stored)
    {
        foreach (var posting in stored)
        {
            try
            {
                if (!Fields.Contains(posting.Field))
                    throw new InvalidDataException("it is no field the index writes");
                PostingLists.Decode(posting.Part, ListOf(byField[posting.Field], posting.Value));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"The detail index's run {posting.Run}, field {posting.Field}: {e.Message}", e);
            }
        }
        return this;
    }

    /// <summary>Adds the values of events past every stored part, in sequence order.</summary>
    public RunPostings Add(IEnumerable<DetailValues> events)
    {
        foreach (var e in events)
        {
            Add(EventTerms.UserId, e.UserId, e.Sequence);
            Add(EventTerms.IpAddress, e.IpAddress, e.Sequence);
            Add(EventTerms.Resource, e.Resource, e.Sequence);
            Add(EventTerms.Severity, e.Severity, e.Sequence);
            Add(EventTerms.Actor, e.Actor, e.Sequence);
            if (!typesBySeverity.TryGetValue(e.Severity, out var types))
                typesBySeverity.Add(e.Severity, types = new Dictionary<string, List<long>>(StringComparer.Ordinal));
            Append(types, e.EventType, e.Sequence);
        }
        return this;
    }

    /// <summary>The posting lists in key order (field, value, first_seq).</summary>
    public List<IndexPosting> Build()
    {
        var pairs = byField[EventTerms.TypeAndSeverity];
        foreach (var (severity, types) in typesBySeverity)
        {
            foreach (var (type, sequences) in types)
            {
                var value = EventTerms.TypeSeverity(type, severity);
                if (pairs.TryGetValue(value, out var stored))
                    stored.AddRange(sequences);
                else
                    pairs.Add(value, sequences);
            }
        }
        typesBySeverity.Clear();
        var postings = new List<IndexPosting>();
        foreach (var field in Fields)
        {
            var lists = byField[field];
            var values = lists.Keys.ToArray();
            Array.Sort(values, StringComparer.Ordinal);
            foreach (var value in values)
            {
                foreach (var part in PostingLists.Encode(lists[value]))
                    postings.Add(new IndexPosting(field, value, part));
            }
        }
        return postings;
    }

    private void Add(int field, string? value, long sequence)
    {
        if (value is not null)
            Append(byField[field], value, sequence);
    }

    private static void Append(Dictionary<string, List<long>> lists, string value, long sequence) =>
        ListOf(lists, value).Add(sequence);

    private static List<long> ListOf(Dictionary<string, List<long>> lists, string value)
    {
        if (!lists.TryGetValue(value, out var list))
            lists.Add(value, list = []);
        return list;
    }
}

/// <summary>One stored row of <c>event_postings</c>: the run it belongs to and one part of one value's list.</summary>
internal sealed record StoredPosting(long Run, int Field, string Value, PostingPart Part);
