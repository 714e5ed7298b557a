namespace Mudbase.Server.Storage;

/// <summary>Delivery subscriptions, their durable cursors and leases, delivery attempts and dead letters.</summary>
internal interface IWebhookStore
{
    Task CreateAsync(WebhookRecord webhook, CancellationToken cancellationToken);

    Task<WebhookRecord?> FindAsync(string orgId, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookRecord>> ListAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>Saves the editable settings (URL, filters, format, enabled, description); false when unknown.</summary>
    Task<bool> UpdateSettingsAsync(WebhookRecord webhook, CancellationToken cancellationToken);

    Task<bool> SetSecretsAsync(
        string orgId, string id, string secret, string? previous, DateTimeOffset? previousUntil, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string orgId, string id, CancellationToken cancellationToken);

    /// <summary>Enabled subscriptions whose next attempt is due and whose lease is free, oldest due first.</summary>
    Task<IReadOnlyList<WebhookRecord>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Takes the subscription's lease when it is free (or expired); only one node at a time holds it.</summary>
    Task<bool> TryLeaseAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: the new cursor and retry state, the attempts made and the dead letters, and a renewed lease.
    /// Nothing is saved, and false is returned, when <paramref name="owner"/> no longer holds the lease.
    /// </summary>
    Task<bool> SaveProgressAsync(
        WebhookProgress progress, string owner, IReadOnlyList<DeliveryAttemptRecord> attempts, IReadOnlyList<DeadLetterRecord> deadLetters,
        CancellationToken cancellationToken);

    Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken);

    Task AddAttemptAsync(DeliveryAttemptRecord attempt, CancellationToken cancellationToken);

    /// <summary>The newest attempts first.</summary>
    Task<IReadOnlyList<DeliveryAttemptRecord>> AttemptsAsync(string webhookId, int limit, CancellationToken cancellationToken);

    /// <summary>Dead letters in sequence order.</summary>
    Task<IReadOnlyList<DeadLetterRecord>> DeadLettersAsync(string webhookId, int limit, CancellationToken cancellationToken);

    Task RemoveDeadLetterAsync(string webhookId, long sequence, CancellationToken cancellationToken);
}
