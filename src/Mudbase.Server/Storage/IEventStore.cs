namespace Mudbase.Server.Storage;

/// <summary>The durable event log, read back by organisation; appends go through <see cref="IAppendStore"/>.</summary>
internal interface IEventStore
{
    Task<StoredEvent?> FindAsync(string orgId, string eventId, CancellationToken cancellationToken);

    /// <summary>Events with <c>fromSequence ≤ sequence ≤ toSequence</c>, in sequence order, streamed.</summary>
    IAsyncEnumerable<StoredEvent> ReadRangeAsync(string orgId, long fromSequence, long toSequence, CancellationToken cancellationToken);

    /// <summary>At most <see cref="EventQuery.Limit"/> events matching every filter of the query.</summary>
    Task<IReadOnlyList<StoredEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken);

    Task<EventCounts> CountSinceAsync(string orgId, DateTimeOffset since, CancellationToken cancellationToken);

    Task<EventTotals> TotalsAsync(string orgId, CancellationToken cancellationToken);
}

/// <summary>Schema set-up, run once at start.</summary>
internal interface IStorageMigrator
{
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}

/// <summary>The database could not commit; the request is answered 503 and nothing was recorded.</summary>
internal sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
