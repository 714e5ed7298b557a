using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;

namespace Mudbase.Server.Gdpr;

/// <summary>Rights of the end users the events are about, identified by <c>details.userId</c>.</summary>
internal static class SubjectApi
{
    public static void MapSubjectApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/compliance/subjects/{userId}")
            .WithTags("Privacy")
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapGet("/export", ExportAsync)
            .WithSummary("Export a data subject's events (GDPR Art. 15)")
            .WithDescription("Owners, admins and auditors. A JSON attachment with every event of your organisation whose details.userId is the subject, erased fields listed as erased. An unknown subject gives an empty export.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapPost("/erase", EraseAsync)
            .WithSummary("Erase a data subject's personal details (GDPR Art. 17)")
            .WithDescription("Owners and admins. Erases the values and salts of userId, ipAddress, userAgent and the organisation's personal keys in every event about the subject, in one transaction; the events keep type, severity, time, sequence and commitments, so every proof still verifies. A data_erasure_completed receipt (subject as a keyed hash) is appended to the ledger. dryRun: true reports what would be erased and changes nothing. Events a legal hold covers are listed in heldBack and keep their details. An unknown subject answers zero counts.")
            .Accepts<EraseSubjectRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Ok<SubjectExport>, ApiProblem>> ExportAsync(
        string userId, HttpContext context, SubjectEvents subjects, TimeProvider time, CancellationToken cancellationToken)
    {
        if (PrivacyInputs.CheckSubjectId(userId) is { } problem)
            return problem;
        var orgId = Caller.From(context.User).OrgId;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"mudbase-subject-export-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.json\"";
        return TypedResults.Ok(await subjects.ExportAsync(orgId, userId, time.GetUtcNow(), cancellationToken));
    }

    private static Task<Results<Ok<EraseSubjectResponse>, ApiProblem>> EraseAsync(
        string userId, HttpContext context, ErasureService erasures, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<EraseSubjectResponse>>(context, async root =>
        {
            if (PrivacyInputs.CheckSubjectId(userId) is { } problem)
                return problem;
            var (input, errors) = PrivacyInputs.ParseEraseSubject(root);
            if (input is null)
                return ApiProblem.Validation(errors);
            var caller = Caller.From(context.User);
            var result = await erasures.EraseSubjectAsync(caller.OrgId, userId, caller.Id, ErasureService.SubjectScope, input.DryRun,
                context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            var message = input.DryRun ? "Dry run: nothing was erased" : "Subject data erased";
            return TypedResults.Ok(new EraseSubjectResponse(true, message, result));
        });
}
