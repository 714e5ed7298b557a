using System.Text.Json.Serialization;

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

/// <summary>Body of <c>POST /api/api-keys</c>. Give <paramref name="Scopes"/> or the official contract's <c>permissions</c>.</summary>
/// <param name="Name">A label, e.g. the service that uses the key.</param>
/// <param name="Scopes">One or more of <see cref="ApiKeyScopes"/>.</param>
/// <param name="ExpiresAt">When the key stops working; never when absent.</param>
/// <param name="CurrentPassword">The creator's current password (step-up).</param>
/// <param name="Code">A second-factor code, when the creator has two-factor sign-in.</param>
public sealed record CreateApiKeyRequest(
    string Name, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt = null, string? CurrentPassword = null, string? Code = null);

/// <summary>A permission in the official contract's terms: <c>create</c> on a resource is <c>events:write</c>, <c>read</c> is <c>events:read</c>.</summary>
/// <param name="Resource">The resource; this server reports its event log as <c>database</c>.</param>
/// <param name="Actions">The granted actions: <c>create</c> and/or <c>read</c>.</param>
public sealed record ApiKeyPermission(string Resource, IReadOnlyList<string> Actions);

/// <summary>A declared request rate for a key.</summary>
/// <param name="Requests">Requests allowed per window.</param>
/// <param name="Window">Window length in seconds.</param>
public sealed record ApiKeyRateLimit(long Requests, long Window);

/// <summary>How much a key was used.</summary>
/// <param name="Requests">Requests the key authenticated.</param>
/// <param name="LastUsed">When it last authenticated one, if ever.</param>
public sealed record ApiKeyUsageCounts(long Requests, DateTimeOffset? LastUsed);

/// <summary>An API key as listed; the secret is never shown again after creation.</summary>
/// <param name="Id">Identifier (<c>key_…</c>); the actor of the events the key logs. Also sent as <c>_id</c>.</param>
/// <param name="Name">Label.</param>
/// <param name="Prefix">First 8 characters after <c>mudbase_sk_live_</c>, to recognise the key.</param>
/// <param name="Scopes">What the key may do.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
/// <param name="LastUsedAt">When the key last authenticated a request (updated at most once a minute).</param>
/// <param name="Permissions">The scopes in the official contract's terms.</param>
/// <param name="IsActive">False when the key was deactivated (it is then refused until reactivated).</param>
/// <param name="Usage">Request count and last use.</param>
/// <param name="RateLimit">The declared rate limit, if any.</param>
/// <param name="UpdatedAt">When the key was last changed.</param>
/// <param name="Secret">The key itself: only in the answers of create and regenerate.</param>
public sealed record ApiKeyView(
    string Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt,
    IReadOnlyList<ApiKeyPermission>? Permissions = null, bool IsActive = true, ApiKeyUsageCounts? Usage = null,
    ApiKeyRateLimit? RateLimit = null, DateTimeOffset? UpdatedAt = null, string? Secret = null)
{
    /// <summary>The identifier under the official contract's name.</summary>
    [JsonPropertyName("_id")]
    public string OfficialId => Id;
}

/// <summary>The 201 answer of <c>POST /api/api-keys</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="ApiKey">The new key, its <c>secret</c> included.</param>
/// <param name="Secret">The key to send as <c>X-API-Key</c> (<c>mudbase_sk_live_…</c>). Shown only here.</param>
/// <param name="Message">Human-readable outcome.</param>
public sealed record CreateApiKeyResponse(bool Success, ApiKeyView ApiKey, string Secret, string Message = "API key created");

/// <summary>Answer of <c>GET /api/api-keys</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="ApiKeys">The organisation's keys that are not revoked, oldest first.</param>
/// <param name="Total">How many there are.</param>
public sealed record ApiKeysResponse(bool Success, IReadOnlyList<ApiKeyView> ApiKeys, int Total);

/// <summary>Answer of <c>PATCH /api/api-keys/{id}</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">Human-readable outcome.</param>
/// <param name="ApiKey">The key as changed.</param>
public sealed record UpdateApiKeyResponse(bool Success, string Message, ApiKeyView ApiKey);

/// <summary>Answer of <c>GET /api/api-keys/{keyId}</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="ApiKey">The key, without its secret.</param>
public sealed record ApiKeyResponse(bool Success, ApiKeyView ApiKey);

/// <summary>Answer of <c>GET /api/api-keys/{id}/usage</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Usage">Requests the key authenticated and its last use.</param>
/// <param name="IsActive">Whether the key is accepted.</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
/// <param name="RateLimit">The declared rate limit, if any.</param>
public sealed record ApiKeyUsageResponse(bool Success, ApiKeyUsageCounts Usage, bool IsActive, DateTimeOffset? ExpiresAt, ApiKeyRateLimit? RateLimit);

/// <summary>Answer of <c>POST /api/api-keys/{id}/regenerate</c>: the old secret stops working at once.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">Human-readable outcome.</param>
/// <param name="Secret">The new key to send as <c>X-API-Key</c>. Shown only here.</param>
/// <param name="ApiKey">The key with its new prefix.</param>
public sealed record RegenerateApiKeyResponse(bool Success, string Message, string Secret, ApiKeyView ApiKey);

/// <summary>Body of <c>PATCH /api/api-keys/{id}</c>: every field optional. Give <paramref name="Scopes"/> or <paramref name="Permissions"/>.</summary>
/// <param name="Name">A new label.</param>
/// <param name="Scopes">New scopes.</param>
/// <param name="Permissions">New scopes in the official contract's terms.</param>
/// <param name="RateLimit">A declared rate limit.</param>
/// <param name="IsActive">False deactivates the key, true activates it again.</param>
public sealed record UpdateApiKeyBody(
    string? Name = null, IReadOnlyList<string>? Scopes = null, IReadOnlyList<ApiKeyPermission>? Permissions = null,
    ApiKeyRateLimit? RateLimit = null, bool? IsActive = null);
