using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts;

internal static class WebhookApi
{
    private const string Route = "/api/compliance/webhooks";

    public static void MapWebhookApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Route)
            .WithTags("Webhooks")
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapGet("", ListAsync).WithSummary("Webhooks and SIEM forwarders")
            .WithDescription("Owners, admins and auditors. Every subscription of your organisation with its delivery state; secrets are never shown again.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapPost("", CreateAsync).WithSummary("Create a webhook or SIEM forwarder")
            .WithDescription("Owners and admins. url is https:// (http:// on loopback), or syslog:// / syslog+tls:// to forward to a SIEM (RFC 5424, octet-counted). Optional eventTypes, minSeverity, detailMatch (exact values), enabled, description, format (json | cef, syslog only). Delivery starts with the next recorded event. The answer carries the whsec_ signing secret, shown only here.")
            .Accepts<JsonElement>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest);
        group.MapGet("/{webhookId}", GetAsync).WithSummary("A webhook")
            .WithDescription("Owners, admins and auditors.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
        group.MapPatch("/{webhookId}", UpdateAsync).WithSummary("Change a webhook")
            .WithDescription("Owners and admins. Any field of the creation request; absent fields keep their value, null clears an optional one.")
            .Accepts<JsonElement>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapDelete("/{webhookId}", DeleteAsync).WithSummary("Delete a webhook")
            .WithDescription("Owners and admins. Its attempts and dead letters go with it.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
        group.MapPost("/{webhookId}/rotate-secret", RotateAsync).WithSummary("Rotate a webhook's signing secret")
            .WithDescription("Owners and admins. Optional body {\"overlapHours\": 0–168, default 24}: during the overlap every delivery carries a signature with the new and with the previous secret.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{webhookId}/test", TestAsync).WithSummary("Send a signed test message")
            .WithDescription("Owners and admins. Sends a webhook.test message now and answers with the attempt (status, latency, response excerpt).")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
        group.MapGet("/{webhookId}/attempts", AttemptsAsync).WithSummary("Delivery attempts")
            .WithDescription("Owners, admins and auditors. The newest attempts first (limit 1–500, default 100), kept for 7 days.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/{webhookId}/dead-letters", DeadLettersAsync).WithSummary("Dead-lettered deliveries")
            .WithDescription("Owners, admins and auditors. Events whose delivery was given up on, oldest first.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
        group.MapPost("/{webhookId}/dead-letters/replay", ReplayAsync).WithSummary("Replay dead letters")
            .WithDescription("Owners and admins. Sends the dead-lettered events again (up to 100, oldest first, or only {\"sequences\": […]}); delivered ones leave the list.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<WebhooksResponse>> ListAsync(HttpContext context, IWebhookStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhooksResponse(true, (await store.ListAsync(Org(context), cancellationToken)).Select(WebhookView.From).ToList()));

    private static Task<Results<Created<WebhookCreatedResponse>, ApiProblem>> CreateAsync(
        HttpContext context, WebhookService webhooks, DestinationPolicy policy, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Created<WebhookCreatedResponse>>(context, async root =>
        {
            var (input, errors) = WebhookInput.Parse(root, policy, partial: false);
            if (input is null)
                return ApiProblem.Validation(errors);
            var (webhook, problem) = await webhooks.CreateAsync(Org(context), input, cancellationToken);
            if (webhook is null)
                return ApiProblem.Validation("url", problem!);
            return TypedResults.Created($"{Route}/{webhook.Id}", new WebhookCreatedResponse(true, WebhookView.From(webhook), webhook.Secret));
        });

    private static async Task<Results<Ok<WebhookResponse>, ApiProblem>> GetAsync(
        string webhookId, HttpContext context, IWebhookStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(Org(context), webhookId, cancellationToken) is { } webhook
            ? TypedResults.Ok(new WebhookResponse(true, WebhookView.From(webhook)))
            : NotFound();

    private static Task<Results<Ok<WebhookResponse>, ApiProblem>> UpdateAsync(
        string webhookId, HttpContext context, WebhookService webhooks, DestinationPolicy policy, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<WebhookResponse>>(context, async root =>
        {
            var (input, errors) = WebhookInput.Parse(root, policy, partial: true);
            if (input is null)
                return ApiProblem.Validation(errors);
            var (webhook, problem) = await webhooks.UpdateAsync(Org(context), webhookId, input, cancellationToken);
            if (webhook is null)
                return NotFound();
            return problem is null ? TypedResults.Ok(new WebhookResponse(true, WebhookView.From(webhook))) : ApiProblem.Validation("url", problem);
        });

    private static async Task<Results<Ok<WebhookResponse>, ApiProblem>> DeleteAsync(
        string webhookId, HttpContext context, IWebhookStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(Org(context), webhookId, cancellationToken) is not { } webhook
            || !await store.DeleteAsync(webhook.OrgId, webhook.Id, cancellationToken))
            return NotFound();
        return TypedResults.Ok(new WebhookResponse(true, WebhookView.From(webhook)));
    }

    private static async Task<Results<Ok<SecretRotatedResponse>, ApiProblem>> RotateAsync(
        string webhookId, HttpContext context, IWebhookStore store, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var (overlap, problem) = await OverlapAsync(context);
        if (problem is not null)
            return problem;
        if (await store.FindAsync(Org(context), webhookId, cancellationToken) is not { } webhook)
            return NotFound();
        if (webhook.Secret is null)
            return ApiProblem.Conflict("Syslog destinations are not signed; there is no secret to rotate");
        return await webhooks.RotateAsync(webhook, overlap, cancellationToken) is { } rotated
            ? TypedResults.Ok(new SecretRotatedResponse(true, rotated.Secret, rotated.PreviousUntil))
            : NotFound();
    }

    private static async Task<Results<Ok<WebhookTestResponse>, ApiProblem>> TestAsync(
        string webhookId, HttpContext context, IWebhookStore store, WebhookService webhooks, CancellationToken cancellationToken) =>
        await store.FindAsync(Org(context), webhookId, cancellationToken) is { } webhook
            ? TypedResults.Ok(new WebhookTestResponse(true, DeliveryAttemptView.From(await webhooks.TestAsync(webhook, cancellationToken))))
            : NotFound();

    private static async Task<Results<Ok<DeliveryAttemptsResponse>, ApiProblem>> AttemptsAsync(
        string webhookId, HttpContext context, IWebhookStore store, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(context.Request.Query);
        var limit = query.Long("limit", 1, 500) ?? 100;
        if (query.Errors.Count > 0)
            return ApiProblem.Validation(query.Errors);
        if (await store.FindAsync(Org(context), webhookId, cancellationToken) is null)
            return NotFound();
        var attempts = await store.AttemptsAsync(webhookId, (int)limit, cancellationToken);
        return TypedResults.Ok(new DeliveryAttemptsResponse(true, attempts.Select(DeliveryAttemptView.From).ToList()));
    }

    private static async Task<Results<Ok<DeadLettersResponse>, ApiProblem>> DeadLettersAsync(
        string webhookId, HttpContext context, IWebhookStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(Org(context), webhookId, cancellationToken) is null)
            return NotFound();
        var letters = await store.DeadLettersAsync(webhookId, 1000, cancellationToken);
        return TypedResults.Ok(new DeadLettersResponse(true, letters.Select(DeadLetterView.From).ToList()));
    }

    private static async Task<Results<Ok<DeadLetterReplayResponse>, ApiProblem>> ReplayAsync(
        string webhookId, HttpContext context, IWebhookStore store, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var (only, problem) = await SequencesAsync(context);
        if (problem is not null)
            return problem;
        if (await store.FindAsync(Org(context), webhookId, cancellationToken) is not { } webhook)
            return NotFound();
        var (delivered, failing) = await webhooks.ReplayAsync(webhook, only, cancellationToken);
        return TypedResults.Ok(new DeadLetterReplayResponse(true, delivered + failing.Count, delivered, failing.Select(DeadLetterView.From).ToList()));
    }

    private static async Task<(TimeSpan Overlap, ApiProblem? Problem)> OverlapAsync(HttpContext context)
    {
        var (root, problem) = await OptionalBodyAsync(context);
        if (problem is not null || root is not { } body)
            return (TimeSpan.FromHours(24), problem);
        if (!body.TryGetProperty("overlapHours", out var hours))
            return (TimeSpan.FromHours(24), null);
        return hours.TryGetInt32(out var value) && value is >= 0 and <= 168
            ? (TimeSpan.FromHours(value), null)
            : (TimeSpan.Zero, ApiProblem.Validation("overlapHours", "must be an integer from 0 to 168"));
    }

    private static async Task<(IReadOnlySet<long>? Only, ApiProblem? Problem)> SequencesAsync(HttpContext context)
    {
        var (root, problem) = await OptionalBodyAsync(context);
        if (problem is not null || root is not { } body || !body.TryGetProperty("sequences", out var list))
            return (null, problem);
        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(s => !s.TryGetInt64(out var n) || n < 1))
            return (null, ApiProblem.Validation("sequences", "must be an array of event sequence numbers"));
        return (list.EnumerateArray().Select(s => s.GetInt64()).ToHashSet(), null);
    }

    /// <summary>The body's root object, or null when the request has no body.</summary>
    private static async Task<(JsonElement? Root, ApiProblem? Problem)> OptionalBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength is 0 || context.Request.ContentLength is null && !context.Request.Headers.ContentType.Any())
            return (null, null);
        var (document, problem) = await JsonBody.ReadAsync(context.Request);
        if (problem is not null)
            return (null, problem);
        using (document)
        {
            var root = document!.RootElement;
            return root.ValueKind == JsonValueKind.Object ? (root.Clone(), null) : (null, ApiProblem.Validation("body", "must be a JSON object"));
        }
    }

    private static string Org(HttpContext context) => Caller.From(context.User).OrgId;

    private static ApiProblem NotFound() => ApiProblem.NotFound("No such webhook");
}
