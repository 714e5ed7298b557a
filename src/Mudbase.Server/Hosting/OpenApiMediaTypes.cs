using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Declares the answers that are not one JSON document: the exports' JSON Lines and CSV streams, the live event
/// stream and the access review's CSV, beside whatever JSON the endpoint already declares for the same status.
/// </summary>
internal static class OpenApiMediaTypes
{
    private static readonly Dictionary<string, (string MediaType, string Description)[]> ByRoute = new(StringComparer.Ordinal)
    {
        ["GET api/compliance/security-events/export"] =
        [
            ("application/x-ndjson", "JSON Lines, one JSON object per line. `format=jsonl`: each line a security event as `GET /api/compliance/security-events/{eventId}` shows it. " +
                "`format=ocsf`: each line an OCSF 1.3 event (API Activity, Authentication, Account Change or Detection Finding; docs/EXPORT.md). " +
                "`format=evidence`: an evidence bundle for `mudbase verify` — a header line with the signed checkpoint and public key, then one line per event with its salts and inclusion proof."),
            ("text/csv", "`format=csv`: RFC 4180 with a header row; cells a spreadsheet would evaluate start with an apostrophe."),
        ],
        ["GET api/compliance/security-events/stream"] =
        [
            ("text/event-stream", "Server-Sent Events: `security-event` messages (the event as the list shows it, `id` its sequence), `behind` when the client fell too far behind, and `: heartbeat` comments."),
        ],
        ["POST api/compliance/access-review"] =
        [
            ("text/csv", "`format=csv` or `Accept: text/csv`: one row per member, key and invitation with the findings."),
        ],
    };

    public static OpenApiOptions AddMudbaseMediaTypes(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var description = context.Description;
            if (!ByRoute.TryGetValue(description.RouteKey(), out var mediaTypes))
                return Task.CompletedTask;
            operation.Responses ??= [];
            if (!operation.Responses.TryGetValue("200", out var ok) || ok is not OpenApiResponse response)
                operation.Responses["200"] = response = new OpenApiResponse { Description = "OK" };
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var (mediaType, text) in mediaTypes)
                response.Content[mediaType] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, ContentMediaType = mediaType, Description = text },
                };
            return Task.CompletedTask;
        });
}
