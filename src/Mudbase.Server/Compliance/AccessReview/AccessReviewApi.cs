using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;

namespace Mudbase.Server.Compliance.AccessReview;

internal static class AccessReviewApi
{
    public static void MapAccessReviewApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/compliance/access-review")
            .WithTags("Compliance")
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound);

        group.MapPost("", GenerateAsync)
            .WithSummary("Generate an access review (SOC 2 CC6.2, CC6.3)")
            .WithDescription("Owners, admins and auditors. Every member and API key during reviewPeriod (at most 400 days): role now and role changes from the ledger's own membership events, joined/left, last sign-in, two-factor sign-in, keys with scopes, creator, last use and age; invitations; findings with reasons and recommendations. JSON by default; CSV with `Accept: text/csv` or `?format=csv`.")
            .Accepts<AccessReviewRequest>("application/json")
            .Produces<AccessReviewResponse>(StatusCodes.Status200OK)
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapPost("/sign-off", SignOffAsync)
            .WithSummary("Sign off an access review")
            .WithDescription("Owners and admins. Recomputes the review for reviewPeriod and records an access_review_signed_off event in the ledger with the reviewer, the report digest and a keep/revoke decision per finding id; unknown finding ids are a 400.")
            .Accepts<AccessReviewSignOffRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy);
    }

    private static Task<Results<Results<Ok<AccessReviewResponse>, ContentHttpResult>, ApiProblem>> GenerateAsync(
        HttpContext context, AccessReviewBuilder builder, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Results<Ok<AccessReviewResponse>, ContentHttpResult>>(context, async root =>
        {
            var caller = Caller.From(context.User);
            var fields = new JsonFields(root);
            var period = ReviewPeriodInput.Parse(fields);
            var format = context.Request.Query["format"].ToString();
            if (format is not ("" or "json" or "csv"))
                fields.Add("format", "must be json or csv");
            if (period is null || fields.Errors.Count > 0)
                return ApiProblem.Validation(fields.Errors);
            if (ReviewPeriodInput.CheckOrg(fields, caller.OrgId) is { } notFound)
                return notFound;
            var report = await builder.BuildAsync(caller.OrgId, period, cancellationToken);
            if (format == "csv" || (format == "" && WantsCsv(context.Request)))
            {
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"access-review-{period.Start:yyyyMMdd}-{period.End:yyyyMMdd}.csv\"";
                Results<Ok<AccessReviewResponse>, ContentHttpResult> csv =
                    TypedResults.Text(AccessReviewCsv.Write(report), "text/csv; charset=utf-8", Encoding.UTF8);
                return csv;
            }
            Results<Ok<AccessReviewResponse>, ContentHttpResult> json =
                TypedResults.Ok(new AccessReviewResponse(true, "Access review report generated", report, report));
            return json;
        });

    private static Task<Results<Ok<AccessReviewSignOffResponse>, ApiProblem>> SignOffAsync(
        HttpContext context, AccessReviewSignOff signOff, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<AccessReviewSignOffResponse>>(context, async root =>
        {
            var caller = Caller.From(context.User);
            var fields = new JsonFields(root);
            var period = ReviewPeriodInput.Parse(fields);
            var decisions = SignOffInput.ParseDecisions(fields);
            if (period is null || decisions is null)
                return ApiProblem.Validation(fields.Errors);
            if (ReviewPeriodInput.CheckOrg(fields, caller.OrgId) is { } notFound)
                return notFound;
            var (response, problem) = await signOff.SignOffAsync(caller, period, decisions, context.Connection.RemoteIpAddress?.ToString(),
                cancellationToken);
            return problem is not null ? problem : TypedResults.Ok(response!);
        });

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}
