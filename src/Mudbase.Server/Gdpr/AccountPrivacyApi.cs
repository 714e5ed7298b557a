using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;

namespace Mudbase.Server.Gdpr;

/// <summary>The account holder's self-service endpoints, at the official paths.</summary>
internal static class AccountPrivacyApi
{
    private const string EraseDescription = "Step-up re-authentication with the current password (and, once two-factor authentication is on, a TOTP code). Erases the caller's personal details in every event of their organisations (each organisation's ledger gets a data_erasure_completed receipt), then anonymises the account, revokes every session, refresh token and API key the caller created, and removes their memberships. Idempotent: a second call answers alreadyErased: true. 409 with soleOwnedOrgs when the caller is the only owner of an organisation. Events a legal hold covers keep their details and are listed in heldBack.";

    public static void MapAccountPrivacyApi(this IEndpointRouteBuilder routes)
    {
        foreach (var (path, tag) in new[] { ("/api/gdpr", "Compliance"), ("/api/users/me", "Users") })
        {
            routes.MapGet(path + "/export", ExportAsync)
                .WithTags(tag)
                .WithSummary("Export my personal data (GDPR Art. 15/20)")
                .WithDescription("A JSON attachment: the account, memberships, sessions and API keys created (no secrets), and every event of the caller's organisations in which the caller is the actor or details.userId.")
                .RequireAuthorization(AuthSetup.SignedInUserPolicy)
                .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
            routes.MapPost(path + "/erase", EraseAsync)
                .WithTags(tag)
                .WithSummary("Erase my personal data (GDPR Art. 17)")
                .WithDescription(EraseDescription)
                .Accepts<EraseAccountRequest>("application/json")
                .RequireAuthorization(AuthSetup.SignedInUserPolicy)
                .WithMetadata(new RepeatableAfterErasure())
                .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                    StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<Results<Ok<AccountExport>, ApiProblem>> ExportAsync(
        HttpContext context, AccountPrivacyService accounts, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var export = await accounts.ExportAsync(caller, cancellationToken);
        if (export is null)
            return ApiProblem.Unauthorized();
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"mudbase-account-{caller.Id}.json\"";
        return TypedResults.Ok(export);
    }

    private static async Task<Results<Ok<EraseAccountResponse>, ApiProblem, SoleOwnerProblem>> EraseAsync(
        HttpContext context, AccountPrivacyService accounts, CancellationToken cancellationToken)
    {
        var (document, bodyProblem) = await JsonBody.ReadAsync(context.Request);
        if (bodyProblem is not null)
            return bodyProblem;
        EraseAccountRequest? input;
        Dictionary<string, string> errors;
        using (document)
            (input, errors) = PrivacyInputs.ParseEraseAccount(document!.RootElement);
        if (input is null)
            return ApiProblem.Validation(errors);
        var (data, refusal) = await accounts.EraseAsync(Caller.From(context.User), input,
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown", cancellationToken);
        return refusal switch
        {
            SoleOwnerRefusal soleOwner => new SoleOwnerProblem(soleOwner),
            { } declined => ApiProblem.From(declined),
            _ => TypedResults.Ok(new EraseAccountResponse(true,
                data!.AlreadyErased ? "User data was already anonymized" : "User data anonymized and account disabled", data)),
        };
    }
}
