using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Common;
using Mudbase.Server.Http;
using Mudbase.Server.Org;
using Mudbase.Server.Storage;

namespace Mudbase.Server.ApiKeys;

/// <summary>Change, inspect and re-key an existing API key, as the official contract has it.</summary>
internal static class ApiKeyManagementApi
{
    public static void MapApiKeyManagement(this RouteGroupBuilder group)
    {
        group.MapGet("/{keyId}", GetAsync)
            .WithName("getApiKey")
            .WithSummary("One API key")
            .WithDescription("Owners, admins and auditors. The key as the list shows it, without its secret; revoked keys are a 404.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
        group.MapPatch("/{keyId}", UpdateAsync)
            .WithName("updateApiKey")
            .WithSummary("Change an API key")
            .WithDescription("Owners and admins. Any of `name`, `scopes` or `permissions`, `rateLimit`, `isActive`; a deactivated key is refused (401) until it is activated again. The change is recorded in the organisation's ledger.")
            .Accepts<UpdateApiKeyBody>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/{keyId}/usage", UsageAsync)
            .WithName("getApiKeyUsage")
            .WithSummary("How much an API key was used")
            .WithDescription("Owners, admins and auditors. `usage.requests` counts every request the key authenticated; another server node's count arrives within a minute.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
        group.MapPost("/{keyId}/regenerate", RegenerateAsync)
            .WithName("regenerateApiKey")
            .WithSummary("Give an API key a new secret")
            .WithDescription("Owners and admins. The old secret is refused from the next request on; the new one is in this answer only.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
    }

    private static Task<Results<Ok<UpdateApiKeyResponse>, ApiProblem>> UpdateAsync(
        string keyId, HttpContext context, IApiKeyAdminStore store, AccessEvents events, ApiKeyUsage usage, TimeProvider time,
        CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<UpdateApiKeyResponse>>(context, async root =>
        {
            var (change, errors) = ApiKeyInputs.ParseChange(root);
            if (change is null)
                return ApiProblem.Validation(errors);
            var caller = Caller.From(context.User);
            var key = await store.UpdateApiKeyAsync(caller.OrgId, keyId, change, time.GetUtcNow(), cancellationToken);
            if (key is null)
                return ApiProblem.NotFound("API key not found");
            await events.ApiKeyChangedAsync(caller.OrgId, keyId, "api_key_updated", Describe(change), caller,
                context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return TypedResults.Ok(new UpdateApiKeyResponse(true, "API key updated", ApiKeyViews.ToView(key, usage)));
        });

    private static async Task<Results<Ok<ApiKeyResponse>, ApiProblem>> GetAsync(
        string keyId, HttpContext context, IApiKeyAdminStore store, ApiKeyUsage usage, CancellationToken cancellationToken) =>
        await store.FindApiKeyByIdAsync(Caller.From(context.User).OrgId, keyId, cancellationToken) is { } key
            ? TypedResults.Ok(new ApiKeyResponse(true, ApiKeyViews.ToView(key, usage)))
            : ApiProblem.NotFound("API key not found");

    private static async Task<Results<Ok<ApiKeyUsageResponse>, ApiProblem>> UsageAsync(
        string keyId, HttpContext context, IApiKeyAdminStore store, ApiKeyUsage usage, CancellationToken cancellationToken)
    {
        var key = await store.FindApiKeyByIdAsync(Caller.From(context.User).OrgId, keyId, cancellationToken);
        if (key is null)
            return ApiProblem.NotFound("API key not found");
        var view = ApiKeyViews.ToView(key, usage);
        return TypedResults.Ok(new ApiKeyUsageResponse(true, view.Usage!, key.IsActive, key.ExpiresAt, view.RateLimit));
    }

    private static async Task<Results<Ok<RegenerateApiKeyResponse>, ApiProblem>> RegenerateAsync(
        string keyId, HttpContext context, IApiKeyAdminStore store, AccessEvents events, ApiKeyUsage usage, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var secret = ApiKeySecret.New();
        if (!await store.ReplaceApiKeySecretAsync(caller.OrgId, keyId, ApiKeySecret.PrefixOf(secret), SecretHash.Of(secret),
                time.GetUtcNow(), cancellationToken))
            return ApiProblem.NotFound("API key not found");
        await events.ApiKeyChangedAsync(caller.OrgId, keyId, "api_key_regenerated", "API key secret replaced; the old one is refused",
            caller, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        var key = await store.FindApiKeyByIdAsync(caller.OrgId, keyId, cancellationToken);
        return key is null
            ? ApiProblem.NotFound("API key not found")
            : TypedResults.Ok(new RegenerateApiKeyResponse(true, "API key secret regenerated", secret, ApiKeyViews.ToView(key, usage)));
    }

    private static string Describe(ApiKeyChange change)
    {
        var parts = new List<string>();
        if (change.Name is not null)
            parts.Add("renamed");
        if (change.Scopes is { } scopes)
            parts.Add($"scopes set to {string.Join(' ', scopes)}");
        if (change.RateLimit is { } limit)
            parts.Add($"rate limit set to {limit.Requests} per {limit.WindowSeconds} s");
        if (change.IsActive is { } active)
            parts.Add(active ? "activated" : "deactivated");
        return parts.Count == 0 ? "API key touched without changes" : "API key " + string.Join(", ", parts);
    }
}
