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

    /// <summary>
    /// Rows pending in the whole intake, and the organisations with requests queued before <paramref name="queuedBefore"/>
    /// and still not integrated (one statement).
    /// </summary>
    Task<IntakeSurvey> SurveyAsync(DateTimeOffset queuedBefore, CancellationToken cancellationToken);

    /// <summary>Drops outcomes nobody collected (their node died), settled before <paramref name="settledBefore"/>.</summary>
    Task ForgetOutcomesAsync(DateTimeOffset settledBefore, CancellationToken cancellationToken);

    /// <summary>Opens the listening connection now, so no integration announced after this call is missed.</summary>
    Task ListenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits for a lease holder to announce an integration: whether it settled requests of this node, only of others,
    /// or <see cref="IntakeSignal.None"/> after <paramref name="timeout"/> without any announcement.
    /// </summary>
    Task<IntakeSignal> WaitForSettlementAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
