namespace Mudbase.Server.Storage;

/// <summary>Who an idempotency key belongs to: keys of different organisations or principals never meet.</summary>
internal sealed record IdempotencyScope(string OrgId, string Principal, string Key);

/// <summary>The outcome kept for a key: which request it answered (fingerprint) and the response it gave.</summary>
internal sealed record IdempotencyRecord(
    byte[] Fingerprint, int Status, string Response, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public bool Matches(byte[] fingerprint) => Fingerprint.AsSpan().SequenceEqual(fingerprint);
}

/// <summary>
/// A request's claim on a key, carried by each of its drafts into the append transaction. The store writes
/// <see cref="Record"/> in the same transaction as the drafts, or, when a live record for the scope already exists,
/// writes none of the drafts and sets <see cref="Found"/> instead.
/// </summary>
internal sealed class IdempotencyClaim(IdempotencyScope scope, IdempotencyRecord record)
{
    public IdempotencyScope Scope { get; } = scope;

    public IdempotencyRecord Record { get; } = record;

    /// <summary>The record that already held the key when the transaction looked; null when this claim won.</summary>
    public IdempotencyRecord? Found { get; set; }
}
