using System.Diagnostics;
using Mudbase.Server.Storage;

namespace Mudbase.Server.TransparencyLog.Intake;

/// <summary>
/// One request on its way into the log: its prepared drafts (all of one organisation) and who waits for the outcome.
/// A request read back from the intake of another node has no <see cref="Completion"/>: its node collects the outcome.
/// A request without drafts only asks the writer to integrate what waits in the intake for <see cref="Integrate"/>.
/// </summary>
internal sealed record AppendRequest(
    Guid Id,
    IReadOnlyList<PreparedDraft> Events,
    ActivityContext Caller,
    TaskCompletionSource<IReadOnlyList<AppendedEvent>>? Completion,
    IReadOnlyList<string>? Integrate = null)
{
    public string OrgId => Events[0].Draft.OrgId;

    /// <summary>The request's idempotency claim, shared by all of its drafts.</summary>
    public IdempotencyClaim? Claim => Events.Count == 0 ? null : Events[0].Draft.Claim;

    public IEnumerable<string> OrgIds => Events.Count == 0 ? Integrate ?? [] : [OrgId];

    /// <summary>Where its events landed in this commit; none when its idempotency key had been answered already.</summary>
    public IReadOnlyList<AppendedEvent> Results(IReadOnlyDictionary<string, AppendedEvent> landed) =>
        Claim?.Found is not null ? [] : Events.Select(e => landed[e.Draft.Id]).ToList();

    /// <summary>Where its events landed when another transaction integrated it, rebuilt from the recorded outcome.</summary>
    public IReadOnlyList<AppendedEvent> Results(IntakeOutcome outcome)
    {
        if (outcome.Replayed is not null && Claim is { } claim)
        {
            claim.Found = outcome.Replayed;
            return [];
        }
        return Events.Select((e, i) => new AppendedEvent(
            e.Draft.Id, outcome.FirstSequence + i, e.Leaf.Template.Hash(outcome.FirstSequence + i), e.Draft.RecordedAt)).ToList();
    }

    /// <summary>The outcome recorded for the node that wrote the request to the intake.</summary>
    public IntakeOutcome Outcome(IReadOnlyDictionary<string, AppendedEvent> landed) =>
        Claim?.Found is { } replayed ? new IntakeOutcome(Id, 0, replayed) : new IntakeOutcome(Id, landed[Events[0].Draft.Id].Sequence, null);
}
