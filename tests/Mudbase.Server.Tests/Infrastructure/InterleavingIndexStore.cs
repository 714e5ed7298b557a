using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Postings;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// An event index store that runs <paramref name="beforeLock"/> once, just before the next session takes the write
/// lock (after any snapshot was read), and counts the event reads its sessions make and where its snapshots' and
/// sessions' event reads start.
/// </summary>
internal sealed class InterleavingIndexStore(IEventIndexStore inner, Func<Task> beforeLock) : IEventIndexStore
{
    private Func<Task>? pending = beforeLock;

    /// <summary>How many times a session (holding the lock) read event details.</summary>
    public int SessionDetailReads { get; private set; }

    /// <summary>The first sequence number of every read of event details, through a snapshot or a session.</summary>
    public List<long> DetailReadsFrom { get; } = [];

    public Task<IReadOnlyList<PendingIndex>> PendingAsync(CancellationToken cancellationToken) => inner.PendingAsync(cancellationToken);

    public async Task<IEventIndexSnapshot?> SnapshotAsync(string orgId, CancellationToken cancellationToken) =>
        await inner.SnapshotAsync(orgId, cancellationToken) is { } snapshot ? new RecordingSnapshot(snapshot, this) : null;

    public async Task<IEventIndexSession> BeginAsync(string orgId, CancellationToken cancellationToken)
    {
        await InterleaveAsync();
        return new Counting(await inner.BeginAsync(orgId, cancellationToken), this);
    }

    public async Task<IEventIndexSession?> TryBeginAsync(string orgId, CancellationToken cancellationToken)
    {
        await InterleaveAsync();
        return await inner.TryBeginAsync(orgId, cancellationToken) is { } session ? new Counting(session, this) : null;
    }

    private async Task InterleaveAsync()
    {
        var action = pending;
        pending = null;
        if (action is not null)
            await action();
    }

    private sealed class Counting(IEventIndexSession inner, InterleavingIndexStore store) : IEventIndexSession
    {
        public Task<IReadOnlyList<IndexRun>> LatestRunsAsync(int count, CancellationToken cancellationToken) =>
            inner.LatestRunsAsync(count, cancellationToken);

        public Task<List<DetailValues>> DetailsAsync(long first, long last, int max, CancellationToken cancellationToken)
        {
            store.SessionDetailReads++;
            store.DetailReadsFrom.Add(first);
            return inner.DetailsAsync(first, last, max, cancellationToken);
        }

        public Task<List<StoredPosting>> PostingsFromAsync(long firstRun, CancellationToken cancellationToken) =>
            inner.PostingsFromAsync(firstRun, cancellationToken);

        public Task DeleteRunsFromAsync(long first, CancellationToken cancellationToken) => inner.DeleteRunsFromAsync(first, cancellationToken);

        public Task WriteRunAsync(IndexRun run, IReadOnlyList<IndexPosting> postings, CancellationToken cancellationToken) =>
            inner.WriteRunAsync(run, postings, cancellationToken);

        public Task CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class RecordingSnapshot(IEventIndexSnapshot inner, InterleavingIndexStore store) : IEventIndexSnapshot
    {
        public bool Unchanged => inner.Unchanged;

        public Task<IReadOnlyList<IndexRun>> LatestRunsAsync(int count, CancellationToken cancellationToken) =>
            inner.LatestRunsAsync(count, cancellationToken);

        public Task<List<DetailValues>> DetailsAsync(long first, long last, int max, CancellationToken cancellationToken)
        {
            store.DetailReadsFrom.Add(first);
            return inner.DetailsAsync(first, last, max, cancellationToken);
        }

        public Task<List<StoredPosting>> PostingsFromAsync(long firstRun, CancellationToken cancellationToken) =>
            inner.PostingsFromAsync(firstRun, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
