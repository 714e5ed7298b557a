namespace Mudbase.Server.Storage;

/// <summary>
/// How the detail index is cut into runs, the same for both providers. A run covers a range of sequence numbers;
/// its entries are keyed (org_id, run, field, value, seq), so writing one appends a block at the end of the
/// organisation's part of <c>event_terms</c> instead of scattering entries over the whole index. A query reads the
/// runs one after the other, so their number must stay small: a run smaller than a full run is merged into the next
/// one while it is no larger than what is being written (like a binary counter), so small runs — from a quiet log
/// indexed soon after each append — stay few, and full runs are never rewritten.
/// </summary>
internal static class EventIndexRuns
{
    /// <summary>True when the run before the one being written (<paramref name="writing"/> events so far) is absorbed.</summary>
    public static bool Absorbs(long previousFirst, long previousLast, long writing, int fullRunEvents)
    {
        var size = previousLast - previousFirst + 1;
        return size < fullRunEvents && size <= writing;
    }

    /// <summary>The index entries of some events' values, in key order (field, value, seq).</summary>
    public static List<IndexTerm> Terms(IEnumerable<DetailValues> events)
    {
        var terms = new List<IndexTerm>();
        foreach (var e in events)
        {
            if (e.UserId is not null)
                terms.Add(new IndexTerm(EventTerms.UserId, e.UserId, e.Sequence));
            if (e.IpAddress is not null)
                terms.Add(new IndexTerm(EventTerms.IpAddress, e.IpAddress, e.Sequence));
            if (e.Resource is not null)
                terms.Add(new IndexTerm(EventTerms.Resource, e.Resource, e.Sequence));
            terms.Add(new IndexTerm(EventTerms.TypeAndSeverity, EventTerms.TypeSeverity(e.EventType, e.Severity), e.Sequence));
            terms.Add(new IndexTerm(EventTerms.Severity, e.Severity, e.Sequence));
            terms.Add(new IndexTerm(EventTerms.Actor, e.Actor, e.Sequence));
        }
        terms.Sort(static (a, b) =>
        {
            var byField = a.Field.CompareTo(b.Field);
            if (byField != 0)
                return byField;
            var byValue = string.CompareOrdinal(a.Value, b.Value);
            return byValue != 0 ? byValue : a.Sequence.CompareTo(b.Sequence);
        });
        return terms;
    }
}

/// <summary>The indexed values of one event: its detail values (null when absent or erased) and its row's type, severity and actor.</summary>
internal sealed record DetailValues(
    long Sequence, string? UserId, string? IpAddress, string? Resource, string EventType, string Severity, string Actor);

/// <summary>One entry of <c>event_terms</c> within a run.</summary>
internal sealed record IndexTerm(int Field, string Value, long Sequence);

/// <summary>A run of the detail index: the sequence numbers it covers.</summary>
internal sealed record IndexRun(long First, long Last);
