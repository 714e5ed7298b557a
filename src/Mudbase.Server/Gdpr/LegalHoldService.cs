using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Gdpr;

/// <summary>Places and releases legal holds; each change is a ledger event.</summary>
internal sealed class LegalHoldService(IPrivacyStore store, PrivacyEvents events, TimeProvider time)
{
    public async Task<LegalHoldView> PlaceAsync(Caller caller, CreateLegalHoldRequest request, string? sourceIp, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hold = new LegalHoldRecord(Ids.New("hld"), caller.OrgId, request.SubjectId, request.From, request.To, request.Reason,
            caller.Id, now, null, null);
        await store.AddHoldAsync(hold, cancellationToken);
        var appended = await events.HoldAsync(PrivacyEvents.HoldPlaced, hold, await HashAsync(hold, now, cancellationToken), caller.Id,
            sourceIp, cancellationToken);
        return View(hold, appended.Id);
    }

    public async Task<LegalHoldView?> ReleaseAsync(Caller caller, string holdId, string? sourceIp, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hold = await store.ReleaseHoldAsync(caller.OrgId, holdId, caller.Id, now, cancellationToken);
        if (hold is null)
            return null;
        var appended = await events.HoldAsync(PrivacyEvents.HoldReleased, hold, await HashAsync(hold, now, cancellationToken), caller.Id,
            sourceIp, cancellationToken);
        return View(hold, appended.Id);
    }

    public async Task<IReadOnlyList<LegalHoldView>> ListAsync(string orgId, CancellationToken cancellationToken) =>
        (await store.ListHoldsAsync(orgId, cancellationToken)).Select(hold => View(hold, null)).ToList();

    private async Task<string?> HashAsync(LegalHoldRecord hold, DateTimeOffset now, CancellationToken cancellationToken) =>
        hold.SubjectId is null ? null : SubjectHash.Of((await store.GetSettingsAsync(hold.OrgId, now, cancellationToken)).SubjectKey, hold.SubjectId);

    private static LegalHoldView View(LegalHoldRecord hold, string? eventId) => new(
        hold.Id, hold.SubjectId, hold.From, hold.To, hold.Reason, hold.CreatedBy, hold.CreatedAt, hold.ReleasedAt, hold.ReleasedBy, eventId);
}
