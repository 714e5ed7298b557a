using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;
using Mudbase.Contracts;
using Mudbase.Server.Auth.TwoFactor;
using Mudbase.Server.Http;
using Mudbase.Server.RateLimits;

namespace Mudbase.Server.Auth;

internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/auth").WithTags("Authentication").WithNoStore();

        group.MapPost("/register", RegisterAsync)
            .WithSummary("Create an account and its organisation")
            .WithDescription("Creates the user and a new organisation whose owner they are, and signs them in.")
            .Accepts<RegisterRequest>("application/json")
            .LimitedBy(RateLimitSetup.AnonymousPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        group.MapPost("/login", LoginAsync)
            .WithSummary("Sign in")
            .WithDescription("After 5 failed logins for one account from one address within 15 minutes the pair is refused with 429, and after `Mudbase:RateLimits:LoginFailuresPerAccount` (20) from all addresses the account is; a brute_force_attempt is recorded in the organisation's ledger. For an account with two-factor sign-in the answer carries no tokens but twoFactorRequired and a challengeToken for POST /api/auth/login/2fa.")
            .Accepts<LoginRequest>("application/json")
            .LimitedBy(RateLimitSetup.AnonymousPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);
        group.MapPost("/refresh", RefreshAsync)
            .WithSummary("Exchange a refresh token for a new pair")
            .WithDescription("Refresh tokens are single-use; presenting a spent one revokes its whole session family.")
            .Accepts<RefreshRequest>("application/json")
            .LimitedBy(RateLimitSetup.AnonymousPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized);
        group.MapPost("/logout", LogoutAsync)
            .WithSummary("Sign out")
            .WithDescription("Without a body, revokes the session the presenting access token was issued for; with `{refreshToken}`, the session of that refresh token. Its refresh tokens stop working at once; access tokens stay valid until they expire (at most 30 minutes).")
            .Accepts<RefreshRequest>("application/json")
            .RequireAuthorization(AuthSetup.SignedInUserPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        group.MapGet("/session", SessionAsync)
            .WithSummary("The current session")
            .RequireAuthorization(AuthSetup.SignedInUserPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        routes.MapGet("/api/users/me", MeAsync)
            .WithTags("Users")
            .WithSummary("The signed-in user")
            .RequireAuthorization(AuthSetup.SignedInUserPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        return group;
    }

    private static Task<Results<Created<AuthResponse>, ApiProblem>> RegisterAsync(
        HttpContext context, AccountService accounts, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Created<AuthResponse>>(context, async root =>
        {
            var (input, errors) = AuthInputs.ParseRegistration(root);
            if (input is null)
                return ApiProblem.Validation(errors);
            var (response, problem) = await accounts.RegisterAsync(input, cancellationToken);
            return problem is not null ? ApiProblem.From(problem) : TypedResults.Created("/api/users/me", response);
        });

    private static Task<Results<Results<Ok<AuthResponse>, Ok<LoginChallengeResponse>>, ApiProblem>> LoginAsync(
        HttpContext context, LoginFlow login, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Results<Ok<AuthResponse>, Ok<LoginChallengeResponse>>>(context, async root =>
        {
            var (input, errors) = AuthInputs.ParseCredentials(root);
            if (input is null)
                return ApiProblem.Validation(errors);
            var outcome = await login.LoginAsync(input, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", cancellationToken);
            if (outcome.Problem is not null)
                return outcome.Problem;
            Results<Ok<AuthResponse>, Ok<LoginChallengeResponse>> answer =
                outcome.Challenge is { } challenge ? TypedResults.Ok(challenge) : TypedResults.Ok(outcome.Tokens!);
            return answer;
        });

    private static Task<Results<Ok<AuthResponse>, ApiProblem>> RefreshAsync(
        HttpContext context, AccountService accounts, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<AuthResponse>>(context, async root =>
        {
            var (token, errors) = AuthInputs.ParseRefreshToken(root);
            if (token is null)
                return ApiProblem.Validation(errors);
            var (response, problem) = await accounts.RefreshAsync(token, cancellationToken);
            return problem is not null ? ApiProblem.From(problem) : TypedResults.Ok(response);
        });

    private static async Task<Results<Ok<MessageResponse>, ApiProblem>> LogoutAsync(
        HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        // The official clients send no body: the session is then the one the access token was issued for.
        if (context.Request.ContentLength == 0 || context.Request is { ContentLength: null, ContentType: null, Headers.TransferEncoding.Count: 0 })
        {
            if (context.User.FindFirst(JwtRegisteredClaimNames.Sid)?.Value is { } sessionId)
                await accounts.LogoutSessionAsync(sessionId, cancellationToken);
            return TypedResults.Ok(new MessageResponse(true, "Logged out"));
        }
        return await LogoutWithBodyAsync(context, accounts, cancellationToken);
    }

    private static Task<Results<Ok<MessageResponse>, ApiProblem>> LogoutWithBodyAsync(
        HttpContext context, AccountService accounts, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<MessageResponse>>(context, async root =>
        {
            var (token, errors) = AuthInputs.ParseRefreshToken(root);
            if (token is null)
                return ApiProblem.Validation(errors);
            await accounts.LogoutAsync(token, cancellationToken);
            return TypedResults.Ok(new MessageResponse(true, "Logged out"));
        });

    private static async Task<Results<Ok<SessionResponse>, ApiProblem>> SessionAsync(
        HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var user = await accounts.FindUserViewAsync(Caller.From(context.User), cancellationToken);
        if (user is null)
            return ApiProblem.Unauthorized("The account no longer exists");
        var expires = long.Parse(context.User.FindFirst(JwtRegisteredClaimNames.Exp)!.Value, System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(new SessionResponse(true, user, DateTimeOffset.FromUnixTimeSeconds(expires)));
    }

    private static async Task<Results<Ok<CurrentUserResponse>, ApiProblem>> MeAsync(
        HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var user = await accounts.FindUserViewAsync(Caller.From(context.User), cancellationToken);
        return user is null ? ApiProblem.Unauthorized("The account no longer exists") : TypedResults.Ok(new CurrentUserResponse(true, user));
    }
}
