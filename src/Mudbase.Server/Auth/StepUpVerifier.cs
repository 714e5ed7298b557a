using Mudbase.Server.Auth.TwoFactor;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth;

/// <summary>
/// Re-authentication before a sensitive action (password change, disabling two-factor sign-in, owner invites, API
/// keys, erasure): the caller's current password, plus a second-factor code when they have two-factor sign-in on.
/// Returns null when confirmed, otherwise the answer to send; a failed check changes nothing but the throttle
/// (failures count toward the sign-in limit of the account and address) and, for a wrong code after a correct
/// password, an <c>mfa_bypass_attempt</c> event.
/// </summary>
internal sealed class StepUpVerifier(
    IIdentityStore identities, SecondFactor secondFactor, LoginThrottle throttle, StrongAuthEvents events, TimeProvider time)
{
    /// <summary>How long after signing in (password, and code when two-factor sign-in is on) no proof is asked again.</summary>
    public static readonly TimeSpan RecentSignIn = TimeSpan.FromMinutes(5);

    /// <param name="recentSignInSuffices">
    /// For actions whose official request has no password field (API keys, owner invites): a token issued by a sign-in
    /// within <see cref="RecentSignIn"/> confirms the action when no proof is sent. Refreshed tokens never do.
    /// </param>
    public async Task<ApiProblem?> VerifyAsync(
        Caller caller, StepUpProof proof, string? clientIp, CancellationToken cancellationToken, bool recentSignInSuffices = false)
    {
        if (caller.IsApiKey)
            return ApiProblem.Forbidden("This action needs a signed-in user");
        if (recentSignInSuffices && proof.Password is null && proof.Code is null
            && caller.AuthenticatedAt is { } signedIn && time.GetUtcNow() - signedIn <= RecentSignIn)
            return null;
        var user = await identities.FindUserAsync(caller.Id, cancellationToken);
        if (user is null)
            return ApiProblem.Unauthorized("The account no longer exists");
        var ip = clientIp ?? "unknown";
        if (throttle.RetryAfter(user.Email, ip) is { } wait)
            return ApiProblem.RateLimited(wait);
        if (string.IsNullOrEmpty(proof.Password))
            return ApiProblem.Validation("currentPassword", "is required to confirm this action");
        if (!PasswordHasher.Verify(proof.Password, user.PasswordHash))
        {
            throttle.RecordFailure(user.Email, ip);
            return ApiProblem.Unauthorized("Current password is incorrect");
        }
        if (!await secondFactor.IsEnabledAsync(user.Id, cancellationToken))
            return null;
        if (string.IsNullOrEmpty(proof.Code))
            return new ApiProblem(StatusCodes.Status401Unauthorized, StrongAuthErrors.MfaRequired,
                "A two-factor code is required to confirm this action");
        if (await secondFactor.AcceptAsync(user.Id, proof.Code, cancellationToken))
            return null;
        throttle.RecordFailure(user.Email, ip);
        await events.BypassAttemptAsync(caller.OrgId, user.Id, "step_up", clientIp, cancellationToken);
        return ApiProblem.Unauthorized("Invalid or already used two-factor code");
    }
}
