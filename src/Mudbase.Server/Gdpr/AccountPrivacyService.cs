using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Compliance;
using Mudbase.Server.Outcomes;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Gdpr;

/// <summary>The account holder's own rights: export everything held about them (Art. 15/20) and erase it (Art. 17).</summary>
internal sealed class AccountPrivacyService(
    IIdentityStore identities, IPrivacyStore store, ErasureService erasures, SubjectEvents subjectEvents, StepUpVerifier stepUp,
    TimeProvider time)
{
    public async Task<AccountExport?> ExportAsync(Caller caller, CancellationToken cancellationToken)
    {
        var user = await identities.FindUserAsync(caller.Id, cancellationToken);
        if (user is null)
            return null;
        var footprint = await store.AccountFootprintAsync(user.Id, cancellationToken);
        var found = new List<StoredEvent>();
        var truncated = false;
        foreach (var membership in footprint.Memberships)
        {
            foreach (var byActor in new[] { false, true })
            {
                var (page, more) = await subjectEvents.ReadAsync(membership.OrgId, user.Id, byActor, cancellationToken);
                found.AddRange(page);
                truncated |= more;
            }
        }
        var events = found.DistinctBy(e => e.Id).OrderBy(e => e.OrgId, StringComparer.Ordinal).ThenBy(e => e.Sequence)
            .Select(SecurityEventViews.ToView).ToList();
        return new AccountExport(time.GetUtcNow(), new ExportedUser(user.Id, user.Email, user.FirstName, user.LastName, user.CreatedAt),
            [], [], [], [], [],
            footprint.ApiKeysCreated.Select(k => new ExportedApiKey(k.Id, k.OrgId, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.RevokedAt)).ToList(),
            footprint.Memberships.Select(m => new ExportedMembership(m.OrgId, m.Role)).ToList(),
            footprint.Sessions.Select(s => new ExportedSession(s.FamilyId, s.OrgId, s.ExpiresAt, s.Revoked, s.TokensIssued)).ToList(),
            events, truncated);
    }

    /// <summary>
    /// Erases the account: its personal details in every organisation's events first (idempotent, so a retry after
    /// a failure finishes the job), then the account itself in one transaction.
    /// </summary>
    public async Task<(EraseAccountData? Data, Refusal? Refusal)> EraseAsync(
        Caller caller, EraseAccountRequest input, string clientIp, CancellationToken cancellationToken)
    {
        var user = await identities.FindUserAsync(caller.Id, cancellationToken);
        if (user is null)
            return (null, Refusal.Unauthenticated());
        var footprint = await store.AccountFootprintAsync(user.Id, cancellationToken);
        if (footprint.ErasedAt is not null)
            return (new EraseAccountData(true, user.Id, true, true, 0, 0, []), null);
        if (await VerifyStepUpAsync(caller, input, clientIp, cancellationToken) is { } refused)
            return (null, refused);
        var soleOwned = await store.SoleOwnedOrgsAsync(user.Id, cancellationToken);
        if (soleOwned.Count > 0)
            return (null, new SoleOwnerRefusal(soleOwned));

        long events = 0, details = 0;
        var heldBack = new List<HeldBackView>();
        foreach (var membership in footprint.Memberships)
        {
            var erased = await erasures.EraseSubjectAsync(membership.OrgId, user.Id, user.Id, ErasureService.AccountScope, false,
                clientIp, cancellationToken);
            events += erased.EventsErased;
            details += erased.DetailsErased;
            heldBack.AddRange(erased.HeldBack);
        }
        var outcome = await store.EraseAccountAsync(user.Id, time.GetUtcNow(), cancellationToken);
        if (outcome.SoleOwnedOrgs.Count > 0)
            return (null, new SoleOwnerRefusal(outcome.SoleOwnedOrgs));
        return (new EraseAccountData(!outcome.Erased, user.Id, true, true, events, details, heldBack), null);
    }

    // The shared step-up check (password, then a TOTP or recovery code with two-factor sign-in on); unlike most
    // sensitive actions every refusal is a 400 here, as the official erase operation declares.
    private async Task<Refusal?> VerifyStepUpAsync(
        Caller caller, EraseAccountRequest input, string clientIp, CancellationToken cancellationToken) =>
        await stepUp.CheckAsync(caller, new StepUpProof(input.CurrentPassword, input.TotpToken), clientIp, "account_erasure",
            cancellationToken) switch
        {
            null => null,
            { Failure: StepUpFailure.PasswordMissing } => Refusal.Invalid("currentPassword", "is required"),
            { Failure: StepUpFailure.PasswordWrong } => Refusal.Invalid("currentPassword", "is incorrect"),
            { Failure: StepUpFailure.CodeMissing } => Refusal.Invalid("totpToken", "is required while two-factor sign-in is on"),
            { Failure: StepUpFailure.CodeWrong } => Refusal.Invalid("totpToken", "is incorrect or already used"),
            var other => other.ToRefusal(),
        };
}
