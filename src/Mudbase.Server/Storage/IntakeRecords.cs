namespace Mudbase.Server.Storage;

/// <summary>One request waiting in the intake: its organisation, how many events it holds and their encoded drafts.</summary>
internal sealed record IntakeEntry(Guid RequestId, string OrgId, int Events, byte[] Payload);

/// <summary>
/// What became of an integrated request: its events hold consecutive sequence numbers from
/// <see cref="FirstSequence"/>, or, when its idempotency key was already answered, <see cref="Replayed"/> is that answer
/// and nothing was written.
/// </summary>
internal sealed record IntakeOutcome(Guid RequestId, long FirstSequence, IdempotencyRecord? Replayed);

/// <summary>The organisations an append session leased and the requests waiting for them.</summary>
internal sealed record IntakeLease(IReadOnlyList<string> Leased, IReadOnlyList<IntakeEntry> Waiting);
