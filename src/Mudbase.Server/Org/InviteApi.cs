using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;
using Mudbase.Server.RateLimits;

namespace Mudbase.Server.Org;

internal static class InviteApi
{
    public static void MapInviteApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/org/invites", CreateAsync)
            .WithNoStore()
            .WithTags("Organisation")
            .WithSummary("Invite someone to your organisation")
            .WithDescription("Owners and admins; only owners may invite owners. The token in the answer is shown once, works once, and expires after 7 days. Inviting an owner needs currentPassword (and code with two-factor sign-in) unless the bearer token comes from a sign-in within the last five minutes.")
            .Accepts<CreateInviteRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
        routes.MapPost("/api/auth/accept-invite", AcceptAsync)
            .WithNoStore()
            .WithTags("Authentication")
            .WithSummary("Accept an invite")
            .WithDescription("Without a bearer token, creates the invited account (password, firstName and lastName required). With the bearer token of the account the invite was sent to, adds that account to the organisation. Either way the answer signs in to the invite's organisation. An unknown, used or expired invite is a 404.")
            .Accepts<AcceptInviteRequest>("application/json")
            .LimitedBy(RateLimitSetup.AnonymousPolicy)
            .AllowAnonymous()
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static Task<Results<Created<CreateInviteResponse>, ApiProblem>> CreateAsync(
        HttpContext context, InviteService invites, StepUpVerifier stepUp, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Created<CreateInviteResponse>>(context, async root =>
        {
            var (input, errors) = OrgInputs.ParseInvite(root);
            if (input is null)
                return ApiProblem.Validation(errors);
            var caller = Caller.From(context.User);
            if (input.Role == Roles.Owner && caller.Role == Roles.Owner
                && await stepUp.VerifyAsync(caller, StepUpProof.From(root), context.Connection.RemoteIpAddress?.ToString(), cancellationToken,
                recentSignInSuffices: true)
                    is { } refused)
                return refused;
            var (response, problem) = await invites.CreateAsync(caller, input, cancellationToken);
            return problem is not null ? ApiProblem.From(problem) : TypedResults.Created((string?)null, response);
        });

    private static Task<Results<Created<AcceptInviteResponse>, ApiProblem>> AcceptAsync(
        HttpContext context, InviteService invites, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Created<AcceptInviteResponse>>(context, async root =>
        {
            // The endpoint is anonymous, so a bad token would otherwise silently fall through to account creation.
            if (context.User.IsApiKey())
                return ApiProblem.Forbidden("API keys cannot accept invites");
            if (PresentsCredential(context.Request) && !context.User.IsSignedInUser())
                return ApiProblem.InvalidToken();

            var signedIn = context.User.IsSignedInUser() ? Caller.From(context.User) : null;
            var (input, errors) = OrgInputs.ParseAcceptance(root, createsAccount: signedIn is null);
            if (input is null)
                return ApiProblem.Validation(errors);
            var (response, problem) = await invites.AcceptAsync(
                input, signedIn, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            if (problem is not null)
                return ApiProblem.From(problem);
            var user = response!.User;
            return TypedResults.Created("/api/users/me", new AcceptInviteResponse(response.Message, response.Token, response.RefreshToken,
                response.ExpiresIn, new InvitedUserView(user.Id, user.Email, user.FirstName, user.LastName, user.OrgId, user.EffectiveRole, user.OrgId)));
        });

    // Any credential sent and refused is a 401, never a silent fall-through to the anonymous path.
    private static bool PresentsCredential(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Headers.ContainsKey(ApiKeys.ApiKeyAuthenticationHandler.HeaderName);
}
