using Mudbase.Contracts;
using Mudbase.Server.Common;
using Mudbase.Server.Compliance;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth.TwoFactor;

/// <summary>
/// Sign-in: the password step, and for accounts with two-factor sign-in a second step with a code against a
/// short-lived, single-use challenge. Wrong passwords and wrong codes share one throttle per account and address.
/// </summary>
internal sealed partial class LoginFlow(
    IIdentityStore identities,
    IStrongAuthStore store,
    AccountService accounts,
    SecondFactor secondFactor,
    LoginThrottle throttle,
    SecurityEventRecorder recorder,
    StrongAuthEvents events,
    TimeProvider time,
    ILogger<LoginFlow> logger)
{
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(5);

    public async Task<LoginOutcome> LoginAsync(Credentials input, string clientIp, CancellationToken cancellationToken)
    {
        if (throttle.RetryAfter(input.Email, clientIp) is { } wait)
            return new(Problem: ApiProblem.RateLimited(wait));

        var user = await identities.FindUserByEmailAsync(input.Email, cancellationToken);
        if (!PasswordHasher.Verify(input.Password, user?.PasswordHash) || user is null)
        {
            if (user is not null)
                await RecordFailureAsync(user, clientIp, cancellationToken);
            else
                throttle.RecordFailure(input.Email, clientIp);
            return new(Problem: ApiProblem.Unauthorized("Invalid email or password"));
        }
        var membership = await identities.FindMembershipAsync(user.Id, null, cancellationToken);
        if (membership is null)
            return new(Problem: ApiProblem.Unauthorized("This account belongs to no organisation"));

        if (await secondFactor.IsEnabledAsync(user.Id, cancellationToken))
        {
            // The throttle is not reset here: only a correct second factor ends a run of failures.
            var challenge = Ids.NewSecret("mfa_");
            await store.AddChallengeAsync(new MfaChallengeRecord(SecretHash.Of(challenge), user.Id, membership.OrgId,
                time.GetUtcNow() + ChallengeLifetime), cancellationToken);
            return new(Challenge: new LoginChallengeResponse("Two-factor code required", true, challenge, (int)ChallengeLifetime.TotalSeconds));
        }
        return new(Tokens: await SignInAsync(user, membership, clientIp, cancellationToken));
    }

    public async Task<LoginOutcome> CompleteAsync(string challengeToken, string code, string clientIp, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var challenge = await store.FindChallengeAsync(SecretHash.Of(challengeToken), now, cancellationToken);
        var user = challenge is null ? null : await identities.FindUserAsync(challenge.UserId, cancellationToken);
        if (challenge is null || user is null)
            return new(Problem: ApiProblem.Unauthorized("The two-factor challenge is expired, used or unknown; sign in again"));
        if (throttle.RetryAfter(user.Email, clientIp) is { } wait)
            return new(Problem: ApiProblem.RateLimited(wait));
        if (!await secondFactor.AcceptAsync(user.Id, code, cancellationToken))
        {
            await RecordFailureAsync(user, clientIp, cancellationToken);
            await events.BypassAttemptAsync(challenge.OrgId, user.Id, "login", clientIp, cancellationToken);
            return new(Problem: ApiProblem.Unauthorized("Invalid or already used two-factor code"));
        }
        var membership = await identities.FindMembershipAsync(user.Id, challenge.OrgId, cancellationToken);
        if (membership is null || !await store.SpendChallengeAsync(challenge.IdHash, now, cancellationToken))
            return new(Problem: ApiProblem.Unauthorized("The two-factor challenge is expired, used or unknown; sign in again"));
        return new(Tokens: await SignInAsync(user, membership, clientIp, cancellationToken));
    }

    private async Task<AuthResponse> SignInAsync(UserRecord user, MembershipRecord membership, string clientIp, CancellationToken cancellationToken)
    {
        throttle.Reset(user.Email, clientIp);
        await store.RecordSignInAsync(user.Id, time.GetUtcNow(), cancellationToken);
        return await accounts.SignInAsync("Login successful", user, membership, cancellationToken);
    }

    private async Task RecordFailureAsync(UserRecord user, string clientIp, CancellationToken cancellationToken)
    {
        if (!throttle.RecordFailure(user.Email, clientIp))
            return;
        var membership = await identities.FindMembershipAsync(user.Id, null, cancellationToken);
        if (membership is null)
            return;
        LogBruteForce(logger, user.Id);
        await recorder.RecordAsync(membership.OrgId, SecurityEventTypes.BruteForceAttempt, Severities.High, clientIp, cancellationToken,
            ("userId", user.Id), ("ipAddress", clientIp), ("action", "login"),
            ("reason", $"{LoginThrottle.MaxFailures} failed logins within {LoginThrottle.Window.TotalMinutes:0} minutes"));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repeated failed logins for user {UserId}; login throttled")]
    private static partial void LogBruteForce(ILogger logger, string userId);
}

/// <summary>Exactly one of: tokens, a second-factor challenge, or an error.</summary>
internal sealed record LoginOutcome(AuthResponse? Tokens = null, LoginChallengeResponse? Challenge = null, ApiProblem? Problem = null);
