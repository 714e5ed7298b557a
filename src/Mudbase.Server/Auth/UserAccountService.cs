using Mudbase.Contracts;
using Mudbase.Server.Outcomes;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth;

/// <summary>The signed-in user's own password and profile.</summary>
internal sealed class UserAccountService(
    IIdentityStore identities, IStrongAuthStore store, AccountService accounts, StepUpVerifier stepUp, StrongAuthEvents events,
    TimeProvider time)
{
    /// <summary>Changes the password after a step-up, revokes every refresh token of the user and signs this caller in again.</summary>
    public async Task<(ChangePasswordResponse? Response, Refusal? Problem)> ChangePasswordAsync(
        Caller caller, StepUpProof proof, string newPassword, string? clientIp, CancellationToken cancellationToken)
    {
        if (await stepUp.RefuseAsync(caller, proof, clientIp, cancellationToken) is { } problem)
            return (null, problem);
        await store.ChangePasswordAsync(caller.Id, PasswordHasher.Hash(newPassword), time.GetUtcNow(), cancellationToken);
        await events.PasswordChangedAsync(caller, clientIp, cancellationToken);
        var user = await identities.FindUserAsync(caller.Id, cancellationToken);
        var membership = await identities.FindMembershipAsync(caller.Id, caller.OrgId, cancellationToken);
        if (user is null || membership is null)
            return (null, Refusal.Unauthenticated("The account no longer exists"));
        var session = await accounts.SignInAsync("Password changed successfully", user, membership, cancellationToken);
        return (new ChangePasswordResponse(session.Message, session.Token, session.RefreshToken, session.ExpiresIn), null);
    }

    /// <summary>Updates names and avatar; an e-mail change needs a step-up.</summary>
    public async Task<(UpdateProfileResponse? Response, Refusal? Problem)> UpdateProfileAsync(
        Caller caller, ProfileChange change, StepUpProof proof, string? clientIp, CancellationToken cancellationToken)
    {
        var user = await identities.FindUserAsync(caller.Id, cancellationToken);
        if (user is null)
            return (null, Refusal.Unauthenticated("The account no longer exists"));
        if (change.Email is not null && change.Email != user.Email
            && await stepUp.RefuseAsync(caller, proof, clientIp, cancellationToken) is { } problem)
            return (null, problem);
        try
        {
            await store.UpdateProfileAsync(caller.Id, change, cancellationToken);
        }
        catch (DuplicateEmailException)
        {
            return (null, Refusal.Conflict("An account with this e-mail already exists"));
        }
        var changed = new List<string>();
        if (change.FirstName is not null) changed.Add("firstName");
        if (change.LastName is not null) changed.Add("lastName");
        if (change.Avatar is not null) changed.Add("avatar");
        if (change.Email is not null && change.Email != user.Email) changed.Add("email");
        if (changed.Count > 0)
            await events.ProfileUpdatedAsync(caller, changed, clientIp, cancellationToken);
        var view = await accounts.FindUserViewAsync(caller, cancellationToken);
        return view is null
            ? (null, Refusal.Unauthenticated("The account no longer exists"))
            : (new UpdateProfileResponse("Profile updated successfully", view), null);
    }
}
