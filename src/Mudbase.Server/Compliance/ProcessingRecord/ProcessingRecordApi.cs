using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Compliance.AccessReview;
using Mudbase.Server.Http;

namespace Mudbase.Server.Compliance.ProcessingRecord;

internal static class ProcessingRecordApi
{
    public static void MapProcessingRecordApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/compliance")
            .WithTags("Compliance")
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapPost("/data-processing-record", GenerateAsync)
            .WithSummary("Generate the GDPR Article 30 record")
            .WithDescription("Owners, admins and auditors. Controller and DPO contacts, purposes, legal basis, data subjects and recipients from the processing profile (with Mudbase's own defaults); categories of personal data derived from the detail keys your events actually carry, with counts and first/last seen; retention; and the technical and organisational measures in force now.")
            .Accepts<DataProcessingRecordRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
        group.MapGet("/processing-profile", GetProfileAsync)
            .WithSummary("The organisation's processing profile")
            .WithDescription("Owners, admins and auditors: the parts of the Article 30 record the organisation states itself.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapPut("/processing-profile", PutProfileAsync)
            .WithSummary("Replace the processing profile")
            .WithDescription("Owners and admins. Controller, DPO and representative contacts, purposes, legal basis, data subject categories, recipients and transfers; absent parts fall back to defaults. Recorded in the ledger as processing_profile_updated.")
            .Accepts<ProcessingProfile>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy);
    }

    private static Task<Results<Ok<DataProcessingRecordResponse>, ApiProblem>> GenerateAsync(
        HttpContext context, ProcessingRecordBuilder builder, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<DataProcessingRecordResponse>>(context, async root =>
        {
            var caller = Caller.From(context.User);
            var fields = new JsonFields(root);
            var recordDate = fields.Optional("recordDate") is null ? null : ReviewPeriodInput.Instant(fields, "recordDate");
            if (fields.Errors.Count > 0)
                return ApiProblem.Validation(fields.Errors);
            if (ReviewPeriodInput.CheckOrg(fields, caller.OrgId) is { } notFound)
                return notFound;
            var record = await builder.BuildAsync(caller.OrgId, recordDate, context.Request.IsHttps, cancellationToken);
            return TypedResults.Ok(new DataProcessingRecordResponse(true, "Data processing record generated", record, record));
        });

    private static async Task<Ok<ProcessingProfileResponse>> GetProfileAsync(
        HttpContext context, ProcessingProfiles profiles, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ProcessingProfileResponse(true, await profiles.GetAsync(Caller.From(context.User).OrgId, cancellationToken)));

    private static Task<Results<Ok<ProcessingProfileResponse>, ApiProblem>> PutProfileAsync(
        HttpContext context, ProcessingProfiles profiles, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<ProcessingProfileResponse>>(context, async root =>
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            if (ProcessingProfileInput.Parse(root, errors) is not { } profile)
                return ApiProblem.Validation(errors);
            await profiles.SetAsync(Caller.From(context.User), profile, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return TypedResults.Ok(new ProcessingProfileResponse(true, profile));
        });
}
