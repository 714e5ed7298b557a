namespace Mudbase.Server.Alerts.Committed;

/// <summary>
/// The newest committed events of one organisation, contiguous in sequence. Only the reader holding
/// <see cref="Gate"/> appends; slices are taken under a lock and never block on storage.
/// </summary>
internal sealed class OrgWindow
{
    private readonly Lock sync = new();
    private readonly List<(CommittedEvent Event, long KeptAt)> events = [];
    private long generation;

    /// <summary>One storage read of new events at a time for this organisation; the others wait and take its result.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>When this window was last read (Stopwatch ticks), for eviction of the least recently read.</summary>
    public long LastUsed { get; private set; }

    public int Count
    {
        get
        {
            lock (sync)
                return events.Count;
        }
    }

    /// <summary>The kept events from <paramref name="from"/> to <paramref name="to"/>, or null when <paramref name="from"/> is not kept.</summary>
    public List<CommittedEvent>? Slice(long from, long to, long now, long maxAge)
    {
        lock (sync)
        {
            LastUsed = now;
            var stale = events.FindIndex(kept => now - kept.KeptAt < maxAge);
            events.RemoveRange(0, stale < 0 ? events.Count : stale);
            if (events.Count == 0 || from < events[0].Event.Sequence || from > events[^1].Event.Sequence)
                return null;
            var start = (int)(from - events[0].Event.Sequence);
            var count = (int)Math.Min(events.Count - start, to - from + 1);
            return events.GetRange(start, count).ConvertAll(kept => kept.Event);
        }
    }

    /// <summary>
    /// Whether <paramref name="from"/> is past the newest kept event (or nothing is kept): a read from there is a read
    /// at the head of the log, and its result is kept. Before the oldest kept event is a follower far behind.
    /// </summary>
    public bool IsAhead(long from)
    {
        lock (sync)
            return events.Count == 0 || from > events[^1].Event.Sequence;
    }

    /// <summary>Changes whenever the kept events are dropped; a read begun under another generation is not kept.</summary>
    public long Generation
    {
        get
        {
            lock (sync)
                return generation;
        }
    }

    /// <summary>
    /// Appends events read at the head; a read that does not continue the kept ones replaces them. The oldest beyond
    /// <paramref name="capacity"/> are dropped. A read begun before the window was last dropped (its
    /// <paramref name="readGeneration"/> is not the current one) may hold details erased since, and is not kept.
    /// Returns the change in count.
    /// </summary>
    public int Append(IReadOnlyList<CommittedEvent> read, long now, int capacity, long readGeneration)
    {
        lock (sync)
        {
            if (readGeneration != generation)
                return 0;
            var before = events.Count;
            if (events.Count > 0 && read.Count > 0 && read[0].Sequence != events[^1].Event.Sequence + 1)
                events.Clear();
            foreach (var committed in read)
                events.Add((committed, now));
            if (events.Count > capacity)
                events.RemoveRange(0, events.Count - capacity);
            return events.Count - before;
        }
    }

    /// <summary>Drops every kept event; returns how many there were.</summary>
    public int Clear()
    {
        lock (sync)
        {
            var count = events.Count;
            events.Clear();
            generation++;
            return count;
        }
    }
}
