using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;
using Mudbase.Contracts;
using Mudbase.Server.Http;
using Mudbase.Server.RateLimits;

namespace Mudbase.Server.Auth;

internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/auth").WithTags("Authentication");

        group.MapPost("/register", RegisterAsync)
            .WithSummary("Create an account and its organisation")
            .WithDescription("Creates the user and a new organisation whose owner they are, and signs them in.")
            .Accepts<RegisterRequest>("application/json")
            .LimitedBy(RateLimitSetup.AnonymousPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        group.MapPost("/login", LoginAsync)
            .WithSummary("Sign in")
            .WithDescription("After 5 failed logins for one account from one address within 15 minutes the pair is refused with 429, and after `Mudbase:RateLimits:LoginFailuresPerAccount` (20) from all addresses the account is; a brute_force_attempt is recorded in the organisation's ledger.")
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
            .WithDescription("Revokes the refresh-token family of the given refresh token. Access tokens stay valid until they expire.")
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
            return problem is not null ? problem : TypedResults.Created("/api/users/me", response);
        });

    private static Task<Results<Ok<AuthResponse>, ApiProblem>> LoginAsync(
        HttpContext context, AccountService accounts, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<AuthResponse>>(context, async root =>
        {
            var (input, errors) = AuthInputs.ParseCredentials(root);
            if (input is null)
                return ApiProblem.Validation(errors);
            var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var (response, problem) = await accounts.LoginAsync(input, ip, cancellationToken);
            return problem is not null ? problem : TypedResults.Ok(response);
        });

    private static Task<Results<Ok<AuthResponse>, ApiProblem>> RefreshAsync(
        HttpContext context, AccountService accounts, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<AuthResponse>>(context, async root =>
        {
            var (token, errors) = AuthInputs.ParseRefreshToken(root);
            if (token is null)
                return ApiProblem.Validation(errors);
            var (response, problem) = await accounts.RefreshAsync(token, cancellationToken);
            return problem is not null ? problem : TypedResults.Ok(response);
        });

    private static Task<Results<Ok<MessageResponse>, ApiProblem>> LogoutAsync(
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
