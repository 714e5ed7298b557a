using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Server.Auth.TwoFactor;
using Mudbase.Server.Common;
using Mudbase.Server.Compliance;
using Mudbase.Server.Outcomes;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth;

/// <summary>Registration, sign-in and the refresh-token family lifecycle.</summary>
internal sealed partial class AccountService(
    IIdentityStore store,
    TokenService tokens,
    MfaPolicy mfaPolicy,
    SecurityEventRecorder recorder,
    UserViews views,
    IOptions<JwtOptions> options,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    public async Task<(AuthResponse? Response, Refusal? Problem)> RegisterAsync(Registration input, CancellationToken cancellationToken)
    {
        var user = new UserRecord(Ids.New("usr"), input.Email, PasswordHasher.Hash(input.Password),
            input.FirstName, input.LastName, time.GetUtcNow());
        var orgId = Ids.New("org");
        try
        {
            await store.CreateAccountAsync(user, orgId, input.OrgName ?? $"{input.FirstName}'s organisation", cancellationToken);
        }
        catch (DuplicateEmailException)
        {
            return (null, Refusal.Conflict("An account with this e-mail already exists"));
        }
        return (await IssueAsync("Registration successful", user, new MembershipRecord(user.Id, orgId, Roles.Owner),
            Ids.New("fam"), freshSignIn: true, cancellationToken), null);
    }

    public async Task<(AuthResponse? Response, Refusal? Problem)> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var (outcome, token) = await store.ConsumeRefreshTokenAsync(SecretHash.Of(refreshToken), time.GetUtcNow(), cancellationToken);
        if (outcome == RefreshOutcome.Reused && token is not null)
        {
            LogRefreshReuse(logger, token.FamilyId);
            await recorder.RecordSystemEventAsync(token.OrgId, SecurityEventTypes.SuspiciousApiActivity, Severities.High, null,
                new Dictionary<string, string>
                {
                    ["userId"] = token.UserId,
                    ["action"] = "refresh_token_reuse",
                    ["reason"] = "A spent refresh token was presented again; the session family was revoked",
                }, cancellationToken);
        }
        if (outcome != RefreshOutcome.Valid || token is null)
            return (null, Refusal.Unauthenticated("Invalid or expired refresh token"));

        var user = await store.FindUserAsync(token.UserId, cancellationToken);
        var membership = await store.FindMembershipAsync(token.UserId, token.OrgId, cancellationToken);
        if (user is null || membership is null)
            return (null, Refusal.Unauthenticated("Invalid or expired refresh token"));
        return (await IssueAsync("Token refreshed", user, membership, token.FamilyId, freshSignIn: false, cancellationToken), null);
    }

    public Task LogoutAsync(string refreshToken, CancellationToken cancellationToken) =>
        store.RevokeFamilyOfAsync(SecretHash.Of(refreshToken), time.GetUtcNow(), cancellationToken);

    /// <summary>Revokes the session (refresh-token family) an access token was issued for.</summary>
    public Task LogoutSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        store.RevokeFamilyAsync(sessionId, time.GetUtcNow(), cancellationToken);

    public async Task<UserView?> FindUserViewAsync(Caller caller, CancellationToken cancellationToken)
    {
        var user = await store.FindUserAsync(caller.Id, cancellationToken);
        var membership = await store.FindMembershipAsync(caller.Id, caller.OrgId, cancellationToken);
        return user is null || membership is null ? null : await views.CreateAsync(user, membership, cancellationToken);
    }

    /// <summary>Signs the user in to the organisation of <paramref name="membership"/>: a new session family and token pair.</summary>
    public Task<AuthResponse> SignInAsync(string message, UserRecord user, MembershipRecord membership, CancellationToken cancellationToken) =>
        IssueAsync(message, user, membership, Ids.New("fam"), freshSignIn: true, cancellationToken);

    /// <param name="freshSignIn">The user just presented their credentials: the token carries <c>auth_time</c>.</param>
    private async Task<AuthResponse> IssueAsync(
        string message, UserRecord user, MembershipRecord membership, string familyId, bool freshSignIn, CancellationToken cancellationToken)
    {
        var refreshToken = Ids.NewSecret("rt_");
        await store.AddRefreshTokenAsync(new RefreshTokenRecord(SecretHash.Of(refreshToken), familyId, user.Id,
            membership.OrgId, time.GetUtcNow().AddDays(options.Value.RefreshTokenLifetimeDays)), cancellationToken);
        var setupOnly = await mfaPolicy.LimitsToSetupAsync(user.Id, membership, cancellationToken);
        var access = tokens.CreateAccessToken(user.Id, user.Email, membership.OrgId, membership.Role, familyId, setupOnly,
            freshSignIn ? time.GetUtcNow() : null);
        return new AuthResponse(message, access, refreshToken, tokens.LifetimeSeconds, await views.CreateAsync(user, membership, cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh token reuse detected; session family {FamilyId} revoked")]
    private static partial void LogRefreshReuse(ILogger logger, string familyId);
}
