using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;

namespace Mudbase.Server.Gdpr;

internal static class LegalHoldApi
{
    public static void MapLegalHoldApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/compliance/legal-holds")
            .WithTags("Privacy")
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapGet("", ListAsync)
            .WithSummary("Legal holds")
            .WithDescription("Owners, admins and auditors. Every hold of your organisation, active and released, newest first.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapPost("", PlaceAsync)
            .WithSummary("Place a legal hold")
            .WithDescription("Owners and admins. Scoped to a subject (details.userId), a recordedAt range [from, to), or both, with a reason. While active, neither subject erasure nor retention removes the details of the events it covers (GDPR Art. 17(3)(e)). Recorded in the ledger as legal_hold_placed.")
            .Accepts<CreateLegalHoldRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest);
        group.MapDelete("/{holdId}", ReleaseAsync)
            .WithSummary("Release a legal hold")
            .WithDescription("Owners and admins. Recorded in the ledger as legal_hold_released. 404 when the hold is unknown or already released.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<LegalHoldsResponse>> ListAsync(HttpContext context, LegalHoldService holds, CancellationToken cancellationToken) =>
        TypedResults.Ok(new LegalHoldsResponse(true, await holds.ListAsync(Caller.From(context.User).OrgId, cancellationToken)));

    private static Task<Results<Created<LegalHoldResponse>, ApiProblem>> PlaceAsync(
        HttpContext context, LegalHoldService holds, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Created<LegalHoldResponse>>(context, async root =>
        {
            var (input, errors) = PrivacyInputs.ParseHold(root);
            if (input is null)
                return ApiProblem.Validation(errors);
            var hold = await holds.PlaceAsync(Caller.From(context.User), input, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return TypedResults.Created($"/api/compliance/legal-holds/{hold.Id}", new LegalHoldResponse(true, hold));
        });

    private static async Task<Results<Ok<LegalHoldResponse>, ApiProblem>> ReleaseAsync(
        string holdId, HttpContext context, LegalHoldService holds, CancellationToken cancellationToken)
    {
        var hold = await holds.ReleaseAsync(Caller.From(context.User), holdId, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        return hold is null ? ApiProblem.NotFound("No such active legal hold") : TypedResults.Ok(new LegalHoldResponse(true, hold));
    }
}
