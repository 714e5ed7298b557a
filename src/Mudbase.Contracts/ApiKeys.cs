namespace Mudbase.Contracts;

/// <summary>What an API key may do.</summary>
public static class ApiKeyScopes
{
    /// <summary>Log events: <c>POST /api/compliance/security-event</c> and <c>POST /api/compliance/security-events/batch</c>.</summary>
    public const string EventsWrite = "events:write";
    /// <summary>Read, export and verify events and the ledger.</summary>
    public const string EventsRead = "events:read";

    /// <summary>Every scope.</summary>
    public static IReadOnlyList<string> All { get; } = [EventsWrite, EventsRead];
}

/// <summary>Body of <c>POST /api/api-keys</c>.</summary>
/// <param name="Name">A label, e.g. the service that uses the key.</param>
/// <param name="Scopes">One or more of <see cref="ApiKeyScopes"/>.</param>
/// <param name="ExpiresAt">When the key stops working; never when absent.</param>
/// <param name="CurrentPassword">The creator's current password (step-up).</param>
/// <param name="Code">A second-factor code, when the creator has two-factor sign-in.</param>
public sealed record CreateApiKeyRequest(
    string Name, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt = null, string? CurrentPassword = null, string? Code = null);

/// <summary>An API key as listed; the secret is never shown again after creation.</summary>
/// <param name="Id">Identifier (<c>key_…</c>); the actor of the events the key logs.</param>
/// <param name="Name">Label.</param>
/// <param name="Prefix">First 8 characters after <c>mudbase_sk_live_</c>, to recognise the key.</param>
/// <param name="Scopes">What the key may do.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
/// <param name="LastUsedAt">When the key last authenticated a request (updated at most once a minute).</param>
public sealed record ApiKeyView(
    string Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

/// <summary>The 201 answer of <c>POST /api/api-keys</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="ApiKey">The new key.</param>
/// <param name="Secret">The key to send as <c>X-API-Key</c> (<c>mudbase_sk_live_…</c>). Shown only here.</param>
public sealed record CreateApiKeyResponse(bool Success, ApiKeyView ApiKey, string Secret);

/// <summary>Answer of <c>GET /api/api-keys</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="ApiKeys">The organisation's keys that are not revoked, oldest first.</param>
public sealed record ApiKeysResponse(bool Success, IReadOnlyList<ApiKeyView> ApiKeys);
