namespace Mudbase.Server.Storage;

/// <summary>
/// Read and clean-up side of idempotency keys. Records are written only by the event store, in the transaction
/// that appends the events they answer for, so no crash can leave one without the other.
/// </summary>
internal interface IIdempotencyStore
{
    /// <summary>The record of a key that has not expired at <paramref name="now"/>, or null.</summary>
    Task<IdempotencyRecord?> FindAsync(IdempotencyScope scope, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="limit"/> records expired at <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}
