using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Compliance.Idempotency;
using Mudbase.Server.Http;
using Mudbase.Server.RateLimits;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance;

internal static class BatchApi
{
    public const int MaxEvents = 1000;
    public const long BodyLimit = 4 * 1024 * 1024;
    public const string RecordedMessage = "Security events recorded";

    public static void MapBatchApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/compliance/security-events/batch", LogBatchAsync)
            .WithTags("Compliance")
            .WithName("LogSecurityEventsBatch")
            .WithSummary("Log up to 1000 security events at once")
            .WithDescription("All-or-nothing: every event is validated first (errors name `events[i].field`), then all are committed in one transaction before the 200. Body limit 4 MiB; each event follows the single-event rules.")
            .Accepts<LogSecurityEventsBatchRequest>("application/json")
            .RequireAuthorization(AuthSetup.EventWriterPolicy)
            .LimitedBy(RateLimitSetup.IngestPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable)
            .AcceptsIdempotencyKey();
    }

    private static async Task<Results<Ok<LogSecurityEventsBatchResponse>, ApiProblem>> LogBatchAsync(
        HttpContext context, IdempotentWrites writes, CancellationToken cancellationToken)
    {
        var (document, problem) = await JsonBody.ReadAsync(context.Request, BodyLimit);
        if (problem is not null)
            return problem;
        using (document)
        {
            var (inputs, errors) = Parse(document!.RootElement);
            if (inputs is null)
                return ApiProblem.Validation(errors);
            return await writes.RecordAsync(context, "LogSecurityEventsBatch", document.RootElement, inputs,
                drafts => new LogSecurityEventsBatchResponse(true, RecordedMessage, drafts.Select(d => d.Id).ToList()),
                MudbaseJsonContext.Default.LogSecurityEventsBatchResponse, cancellationToken);
        }
    }

    private static (List<SecurityEventInput>? Inputs, Dictionary<string, string> Errors) Parse(JsonElement root)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object)
            return (null, new() { ["body"] = "must be a JSON object with an events array" });
        foreach (var property in root.EnumerateObject().Where(p => p.Name != "events"))
            errors[property.Name] = "is not a recognised field (expected events)";
        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            errors["events"] = "is required and must be an array";
            return (null, errors);
        }
        var count = events.GetArrayLength();
        if (count is 0 or > MaxEvents)
        {
            errors["events"] = $"must hold 1 to {MaxEvents} events";
            return (null, errors);
        }
        var inputs = new List<SecurityEventInput>(count);
        var index = 0;
        foreach (var item in events.EnumerateArray())
        {
            if (SecurityEventParser.Parse(item, errors, index) is { } input)
                inputs.Add(input);
            index++;
        }
        return errors.Count == 0 ? (inputs, errors) : (null, errors);
    }
}
