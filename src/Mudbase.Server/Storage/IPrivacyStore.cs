namespace Mudbase.Server.Storage;

/// <summary>Data-subject rights: privacy settings, legal holds, erasures and the account holder's footprint.</summary>
internal interface IPrivacyStore
{
    /// <summary>The organisation's settings; created on first use with a fresh random subject key.</summary>
    Task<PrivacySettings> GetSettingsAsync(string orgId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<PrivacySettings> SaveSettingsAsync(
        string orgId, int? retentionDays, IReadOnlyList<string> personalKeys, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The settings of every organisation with a retention period.</summary>
    Task<IReadOnlyList<PrivacySettings>> RetentionPoliciesAsync(CancellationToken cancellationToken);

    Task AddHoldAsync(LegalHoldRecord hold, CancellationToken cancellationToken);

    /// <summary>The organisation's holds, active and released, newest first.</summary>
    Task<IReadOnlyList<LegalHoldRecord>> ListHoldsAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>Releases an active hold of the organisation; null when there is no such active hold.</summary>
    Task<LegalHoldRecord?> ReleaseHoldAsync(
        string orgId, string holdId, string releasedBy, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction that excludes concurrent erasures of the same events: reads the selected events and the
    /// active holds, erases the keys of every event no hold covers and, when anything was erased, inserts the
    /// selection's record with the counts. A dry run writes nothing. All or nothing:
    /// <see cref="StorageUnavailableException"/> when the database failed.
    /// </summary>
    Task<ErasureOutcome> EraseAsync(ErasureSelection selection, CancellationToken cancellationToken);

    Task SetReceiptAsync(string erasureId, string receiptEventId, CancellationToken cancellationToken);

    /// <summary>The organisation's erasures, newest first.</summary>
    Task<IReadOnlyList<ErasureRecord>> ListErasuresAsync(string orgId, int limit, CancellationToken cancellationToken);

    Task<(long Erasures, long ActiveHolds)> CountsAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> unless another node runs the job of that name right now; false when skipped.
    /// </summary>
    Task<bool> RunExclusiveAsync(string job, Func<CancellationToken, Task> work, CancellationToken cancellationToken);

    Task<AccountFootprint> AccountFootprintAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Organisations of which the user is the only owner.</summary>
    Task<IReadOnlyList<string>> SoleOwnedOrgsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: anonymises the user's personal fields, marks the account erased, revokes every refresh
    /// token and every API key the user created, and removes the user's memberships. Changes nothing when the account
    /// is already erased, or when the user is (by now) the only owner of an organisation, which is checked under the
    /// same locks as role changes.
    /// </summary>
    Task<AccountErasureOutcome> EraseAccountAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);
}
