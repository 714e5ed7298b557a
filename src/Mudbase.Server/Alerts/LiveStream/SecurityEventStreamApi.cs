using System.Globalization;
using Microsoft.Extensions.Options;
using Mudbase.Server.Auth;
using Mudbase.Server.Compliance;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts.LiveStream;

internal static class SecurityEventStreamApi
{
    public const string Path = "/api/compliance/security-events/stream";

    public static void MapSecurityEventStream(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, StreamAsync)
            .WithTags("Compliance")
            .WithName("StreamSecurityEvents")
            .WithSummary("Follow security events live (Server-Sent Events)")
            .WithDescription("""
                The list endpoint's filters (`eventType`, `severity`/`minSeverity`, `userId`, `ipAddress`, `resource`, `actor`,
                `from`, `to`) select the events. Each `security-event` carries the event as the list shows it; its SSE `id` is
                the event's sequence. `Last-Event-ID` (or `after`, a sequence) resumes after that event: what was recorded
                since is replayed from storage, then new events follow live, with no gap and no duplicate. Without either,
                the stream starts with the next event recorded; `follow=false` ends it once the replay is done. Idle streams
                get a `: heartbeat` comment. A client that falls too far behind gets a `behind` event whose `resumeAfter`
                (also its `id`) says where to reconnect.
                """)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .RequireAuthorization(AuthSetup.ComplianceReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> StreamAsync(
        HttpContext context, SecurityEventStreamer streamer, CancellationToken cancellationToken)
    {
        var orgId = Caller.From(context.User).OrgId;
        var parameters = new QueryParameters(context.Request.Query);
        foreach (var unsupported in new[] { "cursor", "order", "limit" }.Where(context.Request.Query.ContainsKey))
            parameters.Add(unsupported, "is not used by the stream; resume with Last-Event-ID or after");
        var after = ReadAfter(context.Request, parameters);
        var follow = parameters.String("follow", 8) ?? "true";
        if (follow is not ("true" or "false"))
            parameters.Add("follow", "must be true or false");
        if (EventFilters.Parse(parameters, orgId) is not { } query)
            return ApiProblem.Validation(parameters.Errors);
        await streamer.RunAsync(context.Response, query with { Descending = false, AfterSequence = null }, after, follow == "true", cancellationToken);
        return Results.Empty;
    }

    /// <summary>The sequence to resume after: <c>Last-Event-ID</c> (what a reconnecting client sends) before <c>after</c>.</summary>
    private static long? ReadAfter(HttpRequest request, QueryParameters parameters)
    {
        var header = request.Headers["Last-Event-ID"].ToString();
        if (header.Length == 0)
            return parameters.Long("after", 0, long.MaxValue);
        if (long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            return sequence;
        parameters.Add("Last-Event-ID", "must be the sequence number of an event");
        return null;
    }
}
