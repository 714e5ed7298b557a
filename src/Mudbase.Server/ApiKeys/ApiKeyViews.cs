using Mudbase.Contracts;
using Mudbase.Server.Storage;

namespace Mudbase.Server.ApiKeys;

internal static class ApiKeyViews
{
    /// <summary>The key as answered; its request count includes what this process counted and has not written yet.</summary>
    public static ApiKeyView ToView(ApiKeyRecord key, ApiKeyUsage usage) => new(
        key.Id, key.Name, key.Prefix, key.Scopes, key.CreatedAt, key.ExpiresAt, key.LastUsedAt,
        ApiKeyPermissions.FromScopes(key.Scopes), key.IsActive, Usage(key, usage),
        key.RateLimit is { } limit ? new ApiKeyRateLimit(limit.Requests, limit.WindowSeconds) : null, key.UpdatedAt);

    public static ApiKeyUsageCounts Usage(ApiKeyRecord key, ApiKeyUsage usage) =>
        new(key.RequestCount + usage.Pending(key.Id), key.LastUsedAt);
}
