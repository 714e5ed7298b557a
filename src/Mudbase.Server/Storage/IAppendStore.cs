using Mudbase.Server.Storage.Tiles;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Storage;

/// <summary>
/// The I/O primitives of an append, for both providers. The append driver (<see cref="EventAppender"/>) opens a
/// session and calls them in order; the store decides nothing about the log itself.
/// </summary>
internal interface IAppendStore
{
    /// <summary>Starts the append transaction; on SQLite this also takes the single writer connection.</summary>
    Task<IAppendSession> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One append transaction. Every failure surfaces as <see cref="StorageUnavailableException"/>; disposing a session
/// that was not committed rolls everything back.
/// </summary>
internal interface IAppendSession : IAsyncDisposable
{
    /// <summary>
    /// Locks the log heads of <paramref name="orgIds"/> (in the given order, which callers keep sorted so that two
    /// nodes never deadlock) and reads them with each log's latest signed checkpoint.
    /// </summary>
    Task<IReadOnlyDictionary<string, LogHead>> LockHeadsAsync(IReadOnlyList<string> orgIds, CancellationToken cancellationToken);

    /// <summary>The stored hashes of the given tiles; tiles not stored are absent.</summary>
    Task<IReadOnlyDictionary<TileId, byte[]>> ReadTilesAsync(IReadOnlyList<TileId> tiles, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the idempotency keys on what the locks hold still: a claim whose scope already has a live record, or
    /// that an earlier claim of the same batch took, gets <see cref="IdempotencyClaim.Found"/> set and writes nothing.
    /// </summary>
    Task ClaimAsync(IReadOnlyList<IdempotencyClaim> claims, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the planned events, details, tiles, heads and checkpoints. A head that moved since it was locked fails
    /// the batch with <see cref="LedgerIntegrityException"/>.
    /// </summary>
    Task WriteAsync(IReadOnlyList<AppendPlan> plans, CancellationToken cancellationToken);

    /// <summary>Commits: durable (fsynced) when it returns.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
