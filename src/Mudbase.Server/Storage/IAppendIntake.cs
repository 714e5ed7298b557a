namespace Mudbase.Server.Storage;

/// <summary>
/// The shared intake of a multi-node deployment (docs/ARCHITECTURE.md, "Several nodes"): a node that does not hold an
/// organisation's lease writes its requests here in a short transaction of its own, and waits for the outcome the
/// lease holder records when it integrates them. PostgreSQL only: one process owns a SQLite file.
/// </summary>
internal interface IAppendIntake
{
    /// <summary>Stores the requests durably (one transaction, no head lock).</summary>
    Task WriteAsync(IReadOnlyList<IntakeEntry> entries, CancellationToken cancellationToken);

    /// <summary>The outcomes recorded for any of these requests, removed from the store as they are read.</summary>
    Task<IReadOnlyList<IntakeOutcome>> TakeOutcomesAsync(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken);

    /// <summary>Organisations with requests queued before <paramref name="queuedBefore"/> and still not integrated.</summary>
    Task<IReadOnlyList<string>> StalledOrgsAsync(DateTimeOffset queuedBefore, CancellationToken cancellationToken);

    /// <summary>Drops outcomes nobody collected (their node died), settled before <paramref name="settledBefore"/>.</summary>
    Task ForgetOutcomesAsync(DateTimeOffset settledBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Returns true when a lease holder announces an integration, false after <paramref name="timeout"/> without one.
    /// </summary>
    Task<bool> WaitForSettlementAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
