using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Compliance.Idempotency;
using Mudbase.Server.Http;
using Mudbase.Server.RateLimits;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance;

internal static class SecurityEventApi
{
    public const string RecordedMessage = "Security event recorded";

    public static RouteGroupBuilder MapSecurityEventApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/compliance")
            .WithTags("Compliance")
            .RequireAuthorization()
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized);

        group.MapPost("/security-event", LogAsync)
            .WithName("LogSecurityEvent")
            .WithSummary("Log a security event")
            .WithDescription("Records a security event for compliance and audit (SOC 2, GDPR). The 200 is sent only after the event is durably committed and included in the organisation's ledger.")
            .Accepts<LogSecurityEventRequest>("application/json")
            .RequireAuthorization(AuthSetup.EventWriterPolicy)
            .LimitedBy(RateLimitSetup.IngestPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable)
            .AcceptsIdempotencyKey();

        group.MapGet("/security-events/{eventId}", GetAsync)
            .WithName("GetSecurityEvent")
            .WithSummary("Read a security event")
            .WithDescription("Returns one event of the caller's organisation. Owners, admins and auditors only; an unknown id or another organisation's event is a 404.")
            .RequireAuthorization(AuthSetup.ComplianceReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        return group;
    }

    private static async Task<Results<Ok<LogSecurityEventResponse>, ApiProblem>> LogAsync(
        HttpContext context, IdempotentWrites writes, CancellationToken cancellationToken)
    {
        var (document, problem) = await JsonBody.ReadAsync(context.Request);
        if (problem is not null)
            return problem;
        using (document)
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            var input = SecurityEventParser.Parse(document!.RootElement, errors);
            if (input is null)
                return ApiProblem.Validation(errors);

            return await writes.RecordAsync(context, "LogSecurityEvent", document.RootElement, [input],
                drafts => new LogSecurityEventResponse(true, RecordedMessage, drafts[0].Id,
                    new LoggedEvent(drafts[0].Id, input.EventType, input.Severity, drafts[0].RecordedAt)),
                MudbaseJsonContext.Default.LogSecurityEventResponse, cancellationToken);
        }
    }

    private static async Task<Results<Ok<GetSecurityEventResponse>, ApiProblem>> GetAsync(
        string eventId, HttpContext context, IEventStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var stored = await store.FindAsync(caller.OrgId, eventId, cancellationToken);
        return stored is null
            ? ApiProblem.NotFound("Security event not found")
            : TypedResults.Ok(new GetSecurityEventResponse(true, SecurityEventViews.ToView(stored)));
    }
}
