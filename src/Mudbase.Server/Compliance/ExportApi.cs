using Mudbase.Server.Auth;
using Mudbase.Server.Compliance.Export;
using Mudbase.Server.Http;
using Mudbase.Server.RateLimits;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Compliance;

internal static class ExportApi
{
    private const int PageSize = 1000;

    private static readonly Dictionary<string, IEventExportFormat> Formats = new(StringComparer.Ordinal)
    {
        ["jsonl"] = new JsonLinesExportFormat(),
        ["csv"] = new CsvExportFormat(),
        ["ocsf"] = new OcsfExportFormat(),
    };

    public static void MapExportApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/compliance/security-events/export", ExportAsync)
            .LimitedBy(RateLimitSetup.ExportPolicy)
            .WithTags("Compliance")
            .WithSummary("Export events")
            .WithDescription("""
                Streams every matching event as an attachment; memory stays constant whatever the size.
                `format=jsonl` (default): one event per line, as GET by id shows it. `format=csv`: RFC 4180 with a header row;
                cells that a spreadsheet would evaluate are prefixed with an apostrophe. `format=ocsf`: one OCSF 1.3 event per
                line (mapping in docs/EXPORT.md). These take the list filters (eventType, severity, minSeverity, userId,
                ipAddress, resource, actor, from, to, order). `format=evidence`: a JSON Lines evidence bundle for
                `mudbase verify` — a header with the signed checkpoint, then each event recorded in [from, to) with its
                salts and inclusion proof.
                """)
            .RequireAuthorization(AuthSetup.ComplianceReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> ExportAsync(HttpContext context, IEventStore store, EvidenceExporter evidence, TimeProvider time)
    {
        var parameters = new QueryParameters(context.Request.Query);
        var format = parameters.String("format", 16) ?? "jsonl";
        var orgId = Caller.From(context.User).OrgId;
        if (format == "evidence")
        {
            var from = parameters.Timestamp("from");
            var to = parameters.Timestamp("to");
            if (from > to)
                parameters.Add("from", "must not be after to");
            if (parameters.Errors.Count > 0)
                return ApiProblem.Validation(parameters.Errors);
            StartAttachment(context, orgId, "evidence.jsonl", "application/x-ndjson; charset=utf-8", time);
            await evidence.WriteAsync(orgId, from, to, context.Response.Body, context.RequestAborted);
            return Results.Empty;
        }

        if (!Formats.TryGetValue(format, out var writerFormat))
            parameters.Add("format", "must be one of jsonl, csv, ocsf, evidence");
        var query = EventFilters.Parse(parameters, orgId);
        if (query is null || writerFormat is null)
            return ApiProblem.Validation(parameters.Errors);

        StartAttachment(context, orgId, writerFormat.FileExtension, writerFormat.ContentType, time);
        await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await writerFormat.WriteHeaderAsync(writer);
        var page = query with { Limit = PageSize, AfterSequence = null };
        while (true)
        {
            var rows = await store.QueryAsync(page, context.RequestAborted);
            foreach (var row in rows)
                await writerFormat.WriteAsync(writer, SecurityEventViews.ToView(row));
            await writer.FlushAsync(context.RequestAborted);
            if (rows.Count < PageSize)
                break;
            page = page with { AfterSequence = rows[^1].Sequence };
        }
        return Results.Empty;
    }

    private static void StartAttachment(HttpContext context, string orgId, string extension, string contentType, TimeProvider time)
    {
        context.Response.ContentType = contentType;
        context.Response.Headers.ContentDisposition =
            $"attachment; filename=\"mudbase-{orgId}-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.{extension}\"";
    }
}
