using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth;

internal static class UserAccountApi
{
    public static void MapUserAccountApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/users")
            .WithTags("Users")
            .RequireAuthorization(AuthSetup.SignedInUserPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapPatch("/password", ChangePasswordAsync)
            .WithSummary("Change your password")
            .WithDescription("Needs currentPassword and, with two-factor sign-in, a code. Revokes every other session's refresh tokens and answers a new token pair for this one. Recorded in the ledger as password_changed; nothing changes on a failed check.")
            .Accepts<ChangePasswordRequest>("application/json")
            .ProducesMudbaseErrors(StatusCodes.Status429TooManyRequests);
        group.MapPatch("/update", UpdateProfileAsync)
            .WithSummary("Update your profile")
            .WithDescription("Names and avatar; changing the e-mail address also needs currentPassword (and a code with two-factor sign-in). Recorded in the ledger as profile_updated.")
            .Accepts<UpdateProfileRequest>("application/json")
            .ProducesMudbaseErrors(StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests);
    }

    private static Task<Results<Ok<ChangePasswordResponse>, ApiProblem>> ChangePasswordAsync(
        HttpContext context, UserAccountService accounts, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<ChangePasswordResponse>>(context, async root =>
        {
            var fields = new JsonFields(root);
            fields.RequiredString("currentPassword", AuthInputs.MaxPasswordLength);
            var newPassword = AuthInputs.NewPassword(fields, "newPassword");
            if (fields.Errors.Count > 0)
                return ApiProblem.Validation(fields.Errors);
            var (response, problem) = await accounts.ChangePasswordAsync(Caller.From(context.User), StepUpProof.From(root), newPassword!,
                context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return problem is not null ? ApiProblem.From(problem) : TypedResults.Ok(response!);
        });

    private static Task<Results<Ok<UpdateProfileResponse>, ApiProblem>> UpdateProfileAsync(
        HttpContext context, UserAccountService accounts, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<UpdateProfileResponse>>(context, async root =>
        {
            var fields = new JsonFields(root);
            var first = fields.OptionalString("firstName", 100)?.Trim();
            var last = fields.OptionalString("lastName", 100)?.Trim();
            var avatar = fields.OptionalString("avatar", 2048);
            var email = fields.Optional("email") is null ? null : AuthInputs.Email(fields);
            if (first is "") fields.Add("firstName", "must not be empty");
            if (last is "") fields.Add("lastName", "must not be empty");
            if (avatar is not null && !(Uri.TryCreate(avatar, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
                fields.Add("avatar", "must be an https URL");
            if (fields.Errors.Count > 0)
                return ApiProblem.Validation(fields.Errors);
            var (response, problem) = await accounts.UpdateProfileAsync(Caller.From(context.User),
                new ProfileChange(first, last, email, avatar), StepUpProof.From(root), context.Connection.RemoteIpAddress?.ToString(),
                cancellationToken);
            return problem is not null ? ApiProblem.From(problem) : TypedResults.Ok(response!);
        });
}
