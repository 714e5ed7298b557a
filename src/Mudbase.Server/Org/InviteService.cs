using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Common;
using Mudbase.Server.Outcomes;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Org;

/// <summary>Invitations: created by owners and admins, accepted once by the invited e-mail address.</summary>
internal sealed partial class InviteService(
    IAccessStore access,
    IIdentityStore identities,
    AccountService accounts,
    AccessEvents events,
    TimeProvider time,
    ILogger<InviteService> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    private const string TokenMarker = "mudbase_inv_";

    public async Task<(CreateInviteResponse? Response, Refusal? Problem)> CreateAsync(
        Caller caller, InviteInput input, CancellationToken cancellationToken)
    {
        if (input.Role == Roles.Owner && caller.Role != Roles.Owner)
            return (null, Refusal.Forbidden("Only an owner can invite an owner"));
        if (await identities.FindUserByEmailAsync(input.Email, cancellationToken) is { } existing
            && await access.FindMemberAsync(caller.OrgId, existing.Id, cancellationToken) is not null)
            return (null, Refusal.Conflict("This person is already a member of the organisation"));

        var now = time.GetUtcNow();
        var token = Ids.NewSecret(TokenMarker);
        var invite = new InviteRecord(Ids.New("inv"), caller.OrgId, input.Email, input.Role, SecretHash.Of(token), caller.Id,
            now, now + Lifetime, null);
        // Checked again in the insert itself, so a change of role committed meanwhile cannot let it through.
        if (!await access.AddInviteAsync(invite, input.Role == Roles.Owner ? [Roles.Owner] : Roles.Administrators, cancellationToken))
            return (null, Refusal.Forbidden("Your role in this organisation no longer allows this request"));
        LogInviteCreated(logger, invite.Id, invite.OrgId, invite.Role);
        return (new CreateInviteResponse(true, invite.Id, token, invite.ExpiresAt), null);
    }

    /// <summary>
    /// With <paramref name="signedIn"/>, links that account (its e-mail must be the invited one); without,
    /// creates the account from <see cref="AcceptanceInput.Account"/>. Either way the answer signs in to the
    /// invite's organisation.
    /// </summary>
    public async Task<(AuthResponse? Response, Refusal? Problem)> AcceptAsync(
        AcceptanceInput input, Caller? signedIn, string? sourceIp, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var invite = await access.FindInviteAsync(SecretHash.Of(input.Token), cancellationToken);
        if (invite is null)
            return (null, Refusal.NotFound("Invite not found"));
        if (invite.AcceptedAt is not null)
            return (null, Refusal.NotFound("This invite has already been used"));
        if (invite.ExpiresAt <= now)
            return (null, Refusal.NotFound("This invite has expired"));

        UserRecord user;
        UserRecord? newUser = null;
        if (signedIn is not null)
        {
            if (await identities.FindUserAsync(signedIn.Id, cancellationToken) is not { } account)
                return (null, Refusal.Unauthenticated("The account no longer exists"));
            if (account.Email != invite.Email)
                return (null, Refusal.Forbidden("This invite was sent to a different e-mail address"));
            user = account;
        }
        else
        {
            if (await identities.FindUserByEmailAsync(invite.Email, cancellationToken) is not null)
                return (null, EmailTaken());
            var profile = input.Account!;
            user = newUser = new UserRecord(Ids.New("usr"), invite.Email, PasswordHasher.Hash(profile.Password),
                profile.FirstName, profile.LastName, now);
        }

        switch (await access.AcceptInviteAsync(invite.Id, user.Id, newUser, now, cancellationToken))
        {
            case InviteAcceptance.Unavailable:
                return (null, Refusal.NotFound("This invite has already been used or has expired"));
            case InviteAcceptance.EmailTaken:
                return (null, EmailTaken());
            case InviteAcceptance.AlreadyMember:
                return (null, Refusal.Conflict("You are already a member of this organisation"));
        }
        LogInviteAccepted(logger, invite.Id, user.Id, invite.OrgId);
        await events.MemberAddedAsync(invite, user.Id, sourceIp, cancellationToken);
        return (await accounts.SignInAsync("Invite accepted", user, new MembershipRecord(user.Id, invite.OrgId, invite.Role),
            cancellationToken), null);
    }

    private static Refusal EmailTaken() =>
        Refusal.Conflict("An account with this e-mail already exists; sign in and accept the invite with its bearer token");

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} created in {OrgId} for role {Role}")]
    private static partial void LogInviteCreated(ILogger logger, string inviteId, string orgId, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} accepted by {UserId} into {OrgId}")]
    private static partial void LogInviteAccepted(ILogger logger, string inviteId, string userId, string orgId);
}
