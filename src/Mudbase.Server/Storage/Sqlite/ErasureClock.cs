namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// Counts the detail erasures of one database file, begun and ended. The event indexer plans a run from a read
/// snapshot outside the write lock; once it holds the lock it asks whether an erasure may have changed what it read
/// since (<see cref="Unchanged"/>), and plans again if so. One process owns the file, so the counts see every erasure.
/// </summary>
internal sealed class ErasureClock
{
    private long begun;
    private long ended;

    /// <summary>Counts an erasure as running until the returned scope is disposed, after its transaction ended.</summary>
    public Scope Begin()
    {
        Interlocked.Increment(ref begun);
        return new Scope(this);
    }

    /// <summary>The counts now; taken before a snapshot opens.</summary>
    public Reading Read()
    {
        var endedSoFar = Volatile.Read(ref ended);
        return new Reading(Volatile.Read(ref begun), endedSoFar);
    }

    /// <summary>
    /// True when no erasure was running at <paramref name="reading"/> and none has begun since: every erasure that
    /// committed after the snapshot opened began after the reading, and one that began before it had not ended.
    /// </summary>
    public bool Unchanged(Reading reading) => reading.Begun == reading.Ended && Volatile.Read(ref begun) == reading.Begun;

    public readonly record struct Reading(long Begun, long Ended);

    public readonly struct Scope(ErasureClock clock) : IDisposable
    {
        public void Dispose() => Interlocked.Increment(ref clock.ended);
    }
}
