using Mudbase.Server.Auth.TwoFactor;
using Mudbase.Server.Http;
using Mudbase.Server.Outcomes;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth;

/// <summary>
/// Re-authentication before a sensitive action (password change, disabling two-factor sign-in, owner invites, API
/// keys, erasure): the caller's current password, plus a second-factor code when they have two-factor sign-in on.
/// Returns null when confirmed, otherwise why it refused (or, from <see cref="VerifyAsync"/>, the usual answer); a failed check changes nothing but the throttle
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
        Caller caller, StepUpProof proof, string? clientIp, CancellationToken cancellationToken, bool recentSignInSuffices = false) =>
        (await CheckAsync(caller, proof, clientIp, "step_up", cancellationToken, recentSignInSuffices))?.ToProblem();

    /// <summary><see cref="VerifyAsync"/> for services: the refusal in the service's own terms, or null.</summary>
    public async Task<Refusal?> RefuseAsync(
        Caller caller, StepUpProof proof, string? clientIp, CancellationToken cancellationToken, bool recentSignInSuffices = false) =>
        (await CheckAsync(caller, proof, clientIp, "step_up", cancellationToken, recentSignInSuffices))?.ToRefusal();

    /// <param name="action">Named in the <c>mfa_bypass_attempt</c> event a wrong code records.</param>
    public async Task<StepUpRefusal?> CheckAsync(
        Caller caller, StepUpProof proof, string? clientIp, string action, CancellationToken cancellationToken,
        bool recentSignInSuffices = false)
    {
        if (caller.IsApiKey)
            return new StepUpRefusal(StepUpFailure.NeedsSignedInUser);
        if (recentSignInSuffices && proof.Password is null && proof.Code is null
            && caller.AuthenticatedAt is { } signedIn && time.GetUtcNow() - signedIn <= RecentSignIn)
            return null;
        var user = await identities.FindUserAsync(caller.Id, cancellationToken);
        if (user is null)
            return new StepUpRefusal(StepUpFailure.AccountGone);
        var ip = clientIp ?? "unknown";
        if (throttle.RetryAfter(user.Email, ip) is { } wait)
            return new StepUpRefusal(StepUpFailure.RateLimited, wait);
        if (string.IsNullOrEmpty(proof.Password))
            return new StepUpRefusal(StepUpFailure.PasswordMissing);
        if (!PasswordHasher.Verify(proof.Password, user.PasswordHash))
        {
            throttle.RecordFailure(user.Email, ip);
            return new StepUpRefusal(StepUpFailure.PasswordWrong);
        }
        if (!await secondFactor.IsEnabledAsync(user.Id, cancellationToken))
            return null;
        if (string.IsNullOrEmpty(proof.Code))
            return new StepUpRefusal(StepUpFailure.CodeMissing);
        if (await secondFactor.AcceptAsync(user.Id, proof.Code, cancellationToken))
            return null;
        throttle.RecordFailure(user.Email, ip);
        await events.BypassAttemptAsync(caller.OrgId, user.Id, action, clientIp, cancellationToken);
        return new StepUpRefusal(StepUpFailure.CodeWrong);
    }
}
