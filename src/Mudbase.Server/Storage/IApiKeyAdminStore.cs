namespace Mudbase.Server.Storage;

/// <summary>Managing existing API keys: read one, change it, replace its secret, count its requests. Scoped by organisation.</summary>
internal interface IApiKeyAdminStore
{
    /// <summary>The organisation's key that is not revoked; null otherwise.</summary>
    Task<ApiKeyRecord?> FindApiKeyByIdAsync(string orgId, string keyId, CancellationToken cancellationToken);

    /// <summary>Applies the change to an unrevoked key of the organisation; null when there is no such key.</summary>
    Task<ApiKeyRecord?> UpdateApiKeyAsync(string orgId, string keyId, ApiKeyChange change, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives an unrevoked key of the organisation a new secret; the old one stops working at once.</summary>
    Task<bool> ReplaceApiKeySecretAsync(string orgId, string keyId, string prefix, string keyHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="requests"/> to the key's counter and moves its last use forward to <paramref name="lastUsedAt"/>.</summary>
    Task AddApiKeyRequestsAsync(string keyId, long requests, DateTimeOffset lastUsedAt, CancellationToken cancellationToken);
}

/// <summary>A change to an API key; a null field is left as it is.</summary>
internal sealed record ApiKeyChange(string? Name, IReadOnlyList<string>? Scopes, KeyRateLimit? RateLimit, bool? IsActive);
