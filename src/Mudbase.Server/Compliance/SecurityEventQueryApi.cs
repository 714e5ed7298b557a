using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance;

internal static class SecurityEventQueryApi
{
    public static void MapSecurityEventQueryApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/compliance/security-events", ListAsync)
            .WithTags("Compliance")
            .WithName("ListSecurityEvents")
            .WithSummary("Find security events")
            .WithDescription("""
                Filters: `eventType` and `severity` (repeatable or comma-separated), or `minSeverity`; `userId`, `ipAddress`,
                `resource` (exact detail values), `actor`; `from`/`to` (recordedAt, ISO-8601, `to` exclusive); `order=desc|asc`
                (default desc). Paging: `limit` 1–500 (default 50) and the opaque `cursor` from the previous page's
                `nextCursor` (null on the last page). Pages are keyed by sequence, so new events never shift a page.
                """)
            .RequireAuthorization(AuthSetup.ComplianceReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<SecurityEventPage, ApiProblem>> ListAsync(
        HttpContext context, IEventStore store, CancellationToken cancellationToken)
    {
        var orgId = Caller.From(context.User).OrgId;
        var parameters = new QueryParameters(context.Request.Query);
        if (EventFilters.Parse(parameters, orgId) is not { } query)
            return ApiProblem.Validation(parameters.Errors);

        // One extra row tells whether another page exists without a second query.
        var rows = await store.QueryAsync(query with { Limit = query.Limit + 1 }, cancellationToken);
        var count = Math.Min(rows.Count, query.Limit);
        var next = rows.Count > query.Limit ? Cursor.Write(orgId, rows[count - 1].Sequence, query.Descending) : null;
        return new SecurityEventPage(rows, count, next);
    }
}
