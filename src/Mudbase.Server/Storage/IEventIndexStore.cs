using Mudbase.Server.Storage.Postings;

namespace Mudbase.Server.Storage;

/// <summary>
/// The detail index written behind the log (see <see cref="EventTerms"/>): what is waiting to be indexed, and
/// sessions that each write one run for one organisation in one transaction.
/// </summary>
internal interface IEventIndexStore
{
    /// <summary>Organisations whose log holds events past the watermark, with how many.</summary>
    Task<IReadOnlyList<PendingIndex>> PendingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a transaction on one organisation's index that no other indexer and no erasure of that organisation
    /// interleaves with.
    /// </summary>
    Task<IEventIndexSession> BeginAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="BeginAsync"/>, but null at once when another indexer (on any node) or an erasure holds the
    /// organisation's index: the caller skips it this round instead of waiting for work another node is doing.
    /// </summary>
    Task<IEventIndexSession?> TryBeginAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>
    /// A read-only snapshot of one organisation's index and events to plan a run from without the write lock, where
    /// a session's lock holds up appends (SQLite's one writer); null where it does not and the session plans itself.
    /// </summary>
    Task<IEventIndexSnapshot?> SnapshotAsync(string orgId, CancellationToken cancellationToken);
}

/// <summary>What a run is planned from: one organisation's runs and the detail values of its events.</summary>
internal interface IEventIndexReader : IAsyncDisposable
{
    /// <summary>The latest runs, newest first (at most <paramref name="count"/>).</summary>
    Task<IReadOnlyList<IndexRun>> LatestRunsAsync(int count, CancellationToken cancellationToken);

    /// <summary>The detail values of the events with sequence numbers from <paramref name="first"/>, in order, at most <paramref name="max"/>.</summary>
    Task<List<DetailValues>> DetailsAsync(long first, long last, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The stored posting lists of the runs starting at or after <paramref name="firstRun"/>: the runs in sequence
    /// order, each run's parts in key order (field, value, first_seq).
    /// </summary>
    Task<List<StoredPosting>> PostingsFromAsync(long firstRun, CancellationToken cancellationToken);
}

/// <summary>A read transaction: everything read through it comes from one consistent state of the database.</summary>
internal interface IEventIndexSnapshot : IEventIndexReader
{
    /// <summary>
    /// True when no erasure can have changed the values read through this snapshot since it opened; asked by a session
    /// that holds the write lock, and still answered after the snapshot is disposed.
    /// </summary>
    bool Unchanged { get; }
}

/// <summary>One transaction on one organisation's detail index; disposed without commit it rolls back.</summary>
internal interface IEventIndexSession : IEventIndexReader
{
    /// <summary>Removes the runs starting at or after <paramref name="first"/> and their posting lists.</summary>
    Task DeleteRunsFromAsync(long first, CancellationToken cancellationToken);

    /// <summary>Writes one run and its posting lists (in key order).</summary>
    Task WriteRunAsync(IndexRun run, IReadOnlyList<IndexPosting> postings, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>
/// An organisation with <see cref="Events"/> events past its watermark; on a database shared by several nodes, with
/// when the oldest of them was recorded (<see cref="Since"/>), so every node agrees when it is due.
/// </summary>
internal sealed record PendingIndex(string OrgId, long Events, DateTimeOffset? Since = null);
