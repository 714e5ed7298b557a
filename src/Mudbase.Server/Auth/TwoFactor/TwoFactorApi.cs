using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.Auth.TwoFactor;

internal static class TwoFactorApi
{
    public static void MapTwoFactorApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/users/2fa")
            .WithTags("Users")
            .RequireAuthorization(AuthSetup.SignedInUserPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapGet("", StatusAsync)
            .WithSummary("Two-factor sign-in status")
            .WithDescription("Whether TOTP two-factor sign-in is on, since when, and how many recovery codes are left.");
        group.MapPost("/setup", SetupAsync)
            .WithSummary("Set up two-factor sign-in")
            .WithDescription("A new TOTP secret (RFC 6238: SHA-1, 30 s, 6 digits) with its otpauth:// URI and a QR code as a PNG data URI. Nothing changes until POST /api/users/2fa/verify confirms a code; calling setup again replaces an unverified secret. 409 when two-factor sign-in is already on.")
            .ProducesMudbaseErrors(StatusCodes.Status409Conflict);
        group.MapPost("/verify", VerifyAsync)
            .WithSummary("Verify and enable two-factor sign-in")
            .WithDescription("Enables two-factor sign-in with a current code from the app and returns ten one-time recovery codes, shown only now (stored hashed). Recorded in the ledger as mfa_enabled.")
            .Accepts<TwoFactorVerifyRequest>("application/json")
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        group.MapPost("/disable", DisableAsync)
            .WithSummary("Disable two-factor sign-in")
            .WithDescription("Needs the current password and a current code or unused recovery code; a code is accepted once. A wrong code records mfa_bypass_attempt and counts toward the sign-in throttle. Recorded in the ledger as mfa_disabled.")
            .Accepts<TwoFactorDisableRequest>("application/json")
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests);

        routes.MapPost("/api/auth/login/2fa", CompleteLoginAsync)
            .WithTags("Authentication")
            .WithSummary("Complete a sign-in with a second factor")
            .WithDescription("The second step of POST /api/auth/login for accounts with two-factor sign-in: the challenge token (5 minutes, single-use) and a current code or unused recovery code. Wrong codes count toward the sign-in throttle (429 after 5) and each records mfa_bypass_attempt.")
            .Accepts<LoginTwoFactorRequest>("application/json")
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);
    }

    private static async Task<Ok<TwoFactorStatusResponse>> StatusAsync(
        HttpContext context, TwoFactorService twoFactor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await twoFactor.StatusAsync(Caller.From(context.User), cancellationToken));

    private static async Task<Results<Ok<TwoFactorSetupResponse>, ApiProblem>> SetupAsync(
        HttpContext context, TwoFactorService twoFactor, CancellationToken cancellationToken)
    {
        var (response, problem) = await twoFactor.SetupAsync(Caller.From(context.User), cancellationToken);
        return problem is not null ? ApiProblem.From(problem) : TypedResults.Ok(response!);
    }

    private static Task<Results<Ok<TwoFactorVerifyResponse>, ApiProblem>> VerifyAsync(
        HttpContext context, TwoFactorService twoFactor, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<TwoFactorVerifyResponse>>(context, async root =>
        {
            var fields = new JsonFields(root);
            var code = fields.RequiredString("token", 64);
            if (code is null)
                return ApiProblem.Validation(fields.Errors);
            var (response, problem) = await twoFactor.VerifyAsync(
                Caller.From(context.User), code.Trim(), context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return problem is not null ? ApiProblem.From(problem) : TypedResults.Ok(response!);
        });

    private static Task<Results<Ok<MessageResponse>, ApiProblem>> DisableAsync(
        HttpContext context, TwoFactorService twoFactor, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<MessageResponse>>(context, async root =>
        {
            var fields = new JsonFields(root);
            fields.RequiredString("password", AuthInputs.MaxPasswordLength);
            fields.RequiredString("token", 64);
            if (fields.Errors.Count > 0)
                return ApiProblem.Validation(fields.Errors);
            var (response, problem) = await twoFactor.DisableAsync(
                Caller.From(context.User), StepUpProof.From(root), context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return problem is not null ? ApiProblem.From(problem) : TypedResults.Ok(response!);
        });

    private static Task<Results<Ok<AuthResponse>, ApiProblem>> CompleteLoginAsync(
        HttpContext context, LoginFlow login, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<AuthResponse>>(context, async root =>
        {
            var fields = new JsonFields(root);
            var challenge = fields.RequiredString("challengeToken", 128);
            var code = fields.RequiredString("code", 64);
            if (challenge is null || code is null)
                return ApiProblem.Validation(fields.Errors);
            var outcome = await login.CompleteAsync(challenge, code.Trim(), context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                cancellationToken);
            return outcome.Problem is not null ? outcome.Problem : TypedResults.Ok(outcome.Tokens!);
        });
}
