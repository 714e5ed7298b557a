namespace Mudbase.Server.Storage;

/// <summary>
/// The intake side of an append session on a database shared by several nodes. The lease is held until the session
/// ends, so at most one transaction at a time integrates an organisation.
/// </summary>
internal interface IIntakeSession
{
    /// <summary>
    /// Takes the leases of <paramref name="orgIds"/> that are free (never waits for one) and reads the requests waiting
    /// for the leased organisations, oldest first, up to about <paramref name="maxEvents"/> events.
    /// </summary>
    Task<IntakeLease> LeaseAsync(IReadOnlyList<string> orgIds, int maxEvents, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the integrated requests from the intake, records the outcomes their nodes collect and announces the
    /// integration at commit.
    /// </summary>
    Task SettleAsync(IReadOnlyList<Guid> integrated, IReadOnlyList<IntakeOutcome> outcomes, CancellationToken cancellationToken);
}
