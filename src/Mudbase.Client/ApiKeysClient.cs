using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>The <c>/api/api-keys</c> endpoints. Managing keys needs a signed-in owner or admin; a key cannot manage keys.</summary>
public sealed class ApiKeysClient
{
    private readonly MudbaseTransport transport;

    internal ApiKeysClient(MudbaseTransport transport) => this.transport = transport;

    /// <summary>
    /// Creates a key. <see cref="CreateApiKeyResponse.Secret"/> is shown only in this answer: store it, then pass it to
    /// <see cref="MudbaseClient.SetApiKey"/> or <see cref="MudbaseClientOptions.ApiKey"/> where it is used.
    /// </summary>
    public Task<CreateApiKeyResponse> CreateAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Post, "api/api-keys", request,
            MudbaseJsonContext.Default.CreateApiKeyRequest, MudbaseJsonContext.Default.CreateApiKeyResponse, cancellationToken);

    /// <summary>The organisation's keys that are not revoked, without secrets.</summary>
    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(HttpMethod.Get, "api/api-keys", MudbaseJsonContext.Default.ApiKeysResponse, cancellationToken);
        return response.ApiKeys;
    }

    /// <summary>One key of the organisation that is not revoked, without its secret.</summary>
    public async Task<ApiKeyView> GetAsync(string keyId, CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Get, "api/api-keys/" + Uri.EscapeDataString(keyId),
            MudbaseJsonContext.Default.ApiKeyResponse, cancellationToken)).ApiKey;

    /// <summary>Revokes a key; it is refused from the next request on.</summary>
    public Task RevokeAsync(string keyId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Delete, "api/api-keys/" + Uri.EscapeDataString(keyId),
            MudbaseJsonContext.Default.MessageResponse, cancellationToken);

    /// <summary>Changes a key: any of name, scopes, declared rate limit, active state. A deactivated key is refused until activated again.</summary>
    public async Task<ApiKeyView> UpdateAsync(string keyId, UpdateApiKeyBody change, CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(HttpMethod.Patch, "api/api-keys/" + Uri.EscapeDataString(keyId), change,
            MudbaseJsonContext.Default.UpdateApiKeyBody, MudbaseJsonContext.Default.UpdateApiKeyResponse, cancellationToken);
        return response.ApiKey;
    }

    /// <summary>How many requests the key authenticated, when it was last used, and whether it is active.</summary>
    public Task<ApiKeyUsageResponse> GetUsageAsync(string keyId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, "api/api-keys/" + Uri.EscapeDataString(keyId) + "/usage",
            MudbaseJsonContext.Default.ApiKeyUsageResponse, cancellationToken);

    /// <summary>Gives the key a new secret (in the answer only); the old one is refused from the next request on.</summary>
    public Task<RegenerateApiKeyResponse> RegenerateAsync(string keyId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Post, "api/api-keys/" + Uri.EscapeDataString(keyId) + "/regenerate",
            MudbaseJsonContext.Default.RegenerateApiKeyResponse, cancellationToken);
}
