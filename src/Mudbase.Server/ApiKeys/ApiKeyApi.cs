using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Common;
using Mudbase.Server.Http;
using Mudbase.Server.Org;
using Mudbase.Server.Storage;

namespace Mudbase.Server.ApiKeys;

internal static class ApiKeyApi
{
    public static void MapApiKeyApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/api-keys")
            .WithTags("API keys")
            .WithNoStore()
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapPost("", CreateAsync)
            .WithName("createApiKey")
            .WithSummary("Create an API key")
            .WithDescription("Owners and admins. The secret (`mudbase_sk_live_…`, sent as `X-API-Key`) is in this answer only; the server keeps its SHA-256 hash. `events:write` logs events; `events:read` reads, exports and verifies them. The official contract's `permissions` are accepted instead of `scopes`: `create` grants `events:write`, `read` grants `events:read`; `update` and `delete` cannot be granted (events are append-only). `projectId` is accepted and ignored. A 400 lists the bad fields in `details` as strings. API keys never manage members, invites or keys. Needs currentPassword (and code with two-factor sign-in) unless the bearer token comes from a sign-in within the last five minutes; nothing is created on a failed check.")
            .Accepts<CreateApiKeyRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status429TooManyRequests);
        group.MapGet("", ListAsync)
            .WithName("listApiKeys")
            .WithSummary("Your organisation's API keys")
            .WithDescription("Owners, admins and auditors. Revoked keys are not listed; secrets never are.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapDelete("/{keyId}", RevokeAsync)
            .WithName("deleteApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("Owners and admins. The key is refused (401) from the next request on.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
        group.MapApiKeyManagement();
    }

    private static Task<Results<Created<CreateApiKeyResponse>, ApiProblem>> CreateAsync(
        HttpContext context, IAccessStore store, AccessEvents events, ApiKeyUsage usage, StepUpVerifier stepUp, TimeProvider time,
        CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Created<CreateApiKeyResponse>>(context, async root =>
        {
            var now = time.GetUtcNow();
            var (input, errors) = ApiKeyInputs.Parse(root, now);
            if (input is null)
                return ApiProblem.ValidationList(errors);

            var caller = Caller.From(context.User);
            if (await stepUp.VerifyAsync(caller, StepUpProof.From(root), context.Connection.RemoteIpAddress?.ToString(), cancellationToken,
                recentSignInSuffices: true)
                is { } refused)
                return refused;
            var secret = ApiKeySecret.New();
            var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
            var key = new ApiKeyRecord(Ids.New("key"), caller.OrgId, input.Name, ApiKeySecret.PrefixOf(secret), SecretHash.Of(secret),
                input.Scopes, caller.Id, createdAt, input.ExpiresAt, null, null, RateLimit: input.RateLimit);
            if (!await store.AddApiKeyAsync(key, Roles.Administrators, cancellationToken))
                return ApiProblem.Forbidden("Your role in this organisation no longer allows this request");
            await events.ApiKeyCreatedAsync(key, caller, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return TypedResults.Created($"/api/api-keys/{key.Id}",
                new CreateApiKeyResponse(true, ApiKeyViews.ToView(key, usage) with { Secret = secret }, secret));
        });

    private static async Task<Ok<ApiKeysResponse>> ListAsync(
        HttpContext context, IAccessStore store, ApiKeyUsage usage, CancellationToken cancellationToken)
    {
        var keys = await store.ListApiKeysAsync(Caller.From(context.User).OrgId, cancellationToken);
        return TypedResults.Ok(new ApiKeysResponse(true, keys.Select(key => ApiKeyViews.ToView(key, usage)).ToList(), keys.Count));
    }

    private static async Task<Results<Ok<MessageResponse>, ApiProblem>> RevokeAsync(
        string keyId, HttpContext context, IAccessStore store, AccessEvents events, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (!await store.RevokeApiKeyAsync(caller.OrgId, keyId, time.GetUtcNow(), cancellationToken))
            return ApiProblem.NotFound("API key not found");
        await events.ApiKeyRevokedAsync(caller.OrgId, keyId, caller, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        return TypedResults.Ok(new MessageResponse(true, "API key revoked"));
    }
}
