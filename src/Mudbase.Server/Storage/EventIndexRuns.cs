using Mudbase.Server.Storage.Postings;

namespace Mudbase.Server.Storage;

/// <summary>
/// How the detail index is cut into runs, the same for both providers. A run covers a range of sequence numbers;
/// its posting lists are keyed (org_id, run, field, value, first_seq), so writing one appends a block at the end of
/// the organisation's part of <c>event_postings</c> instead of scattering entries over the whole index. A query reads the
/// runs one after the other, so their number must stay small: a run smaller than a full run is merged into the next
/// one while it is no larger than what is being written (like a binary counter), so small runs — from a quiet log
/// indexed soon after each append — stay few, and full runs are never rewritten. A merge decodes the stored posting
/// lists of the runs it absorbs (which erasures keep exact) and appends the new events' sequence numbers: the absorbed
/// events' rows are not read again.
/// </summary>
internal static class EventIndexRuns
{
    /// <summary>True when the run before the one being written (<paramref name="writing"/> events so far) is absorbed.</summary>
    public static bool Absorbs(long previousFirst, long previousLast, long writing, int fullRunEvents)
    {
        var size = previousLast - previousFirst + 1;
        return size < fullRunEvents && size <= writing;
    }
}

/// <summary>The indexed values of one event: its detail values (null when absent or erased) and its row's type, severity and actor.</summary>
internal sealed record DetailValues(
    long Sequence, string? UserId, string? IpAddress, string? Resource, string EventType, string Severity, string Actor);

/// <summary>One row of <c>event_postings</c> within a run: one part of the posting list of one value.</summary>
internal sealed record IndexPosting(int Field, string Value, PostingPart Part);

/// <summary>A run of the detail index: the sequence numbers it covers.</summary>
internal sealed record IndexRun(long First, long Last);
