using Mudbase.Server.Auth;
using Mudbase.Server.Http;
using Mudbase.Server.Ledger;

namespace Mudbase.Server.Compliance;

internal static class ExportApi
{
    public static void MapExportApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/compliance/security-events/export", ExportAsync)
            .WithTags("Compliance")
            .WithSummary("Export events")
            .WithDescription("Streams the events recorded in [from, to). `format=evidence` is a JSON Lines evidence bundle that `mudbase verify` checks offline: a header with the signed checkpoint, then each event with its salts and inclusion proof.")
            .RequireAuthorization(AuthSetup.ComplianceReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> ExportAsync(HttpContext context, EvidenceExporter evidence, TimeProvider time)
    {
        var query = new QueryParameters(context.Request.Query);
        var format = query.String("format") ?? "evidence";
        var from = query.Timestamp("from");
        var to = query.Timestamp("to");
        if (format is not "evidence")
            query.Add("format", "must be evidence");
        if (from is not null && to is not null && from > to)
            query.Add("from", "must not be after to");
        if (query.Errors.Count > 0)
            return ApiProblem.Validation(query.Errors);

        var orgId = Caller.From(context.User).OrgId;
        var fileName = $"mudbase-{orgId}-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.evidence.jsonl";
        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await evidence.WriteAsync(orgId, from, to, context.Response.Body, context.RequestAborted);
        return Results.Empty;
    }
}
