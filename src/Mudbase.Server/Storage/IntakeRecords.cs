namespace Mudbase.Server.Storage;

/// <summary>One request waiting in the intake: its organisation, how many events it holds and their encoded drafts.</summary>
internal sealed record IntakeEntry(Guid RequestId, string OrgId, int Events, byte[] Payload);

/// <summary>
/// This process among the nodes sharing a database: its intake rows carry the id, and an integrator names in its
/// notification the nodes whose requests it settled, so only those read their outcomes.
/// </summary>
internal sealed record IntakeNode(string Id)
{
    public static IntakeNode New() => new(Guid.NewGuid().ToString("N")[..16]);
}

/// <summary>What woke a node waiting for its parked requests.</summary>
internal enum IntakeSignal
{
    /// <summary>No notification within the wait: read the outcomes anyway, one may have been lost.</summary>
    None,

    /// <summary>An integrator settled requests of this node: read the outcomes.</summary>
    ForThisNode,

    /// <summary>An integrator settled only other nodes' requests: its lease is free again.</summary>
    ForOthers,
}

/// <summary>What a node sees of the whole intake: rows pending (of every node) and organisations nobody integrated for a while.</summary>
internal sealed record IntakeSurvey(long Pending, IReadOnlyList<string> Stalled);

/// <summary>
/// What became of an integrated request: its events hold consecutive sequence numbers from
/// <see cref="FirstSequence"/>, or, when its idempotency key was already answered, <see cref="Replayed"/> is that answer
/// and nothing was written.
/// </summary>
internal sealed record IntakeOutcome(Guid RequestId, long FirstSequence, IdempotencyRecord? Replayed);

/// <summary>The organisations an append session leased and the requests waiting for them.</summary>
internal sealed record IntakeLease(IReadOnlyList<string> Leased, IReadOnlyList<IntakeEntry> Waiting);
