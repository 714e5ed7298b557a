using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed partial class PostgresAccessStore : IApiKeyAdminStore
{
    public Task<ApiKeyRecord?> FindApiKeyByIdAsync(string orgId, string keyId, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection,
            SelectKey + " WHERE id = $1 AND org_id = $2 AND revoked_at IS NULL", StoredRows.ReadApiKey, token, keyId, orgId),
            cancellationToken);

    public Task<ApiKeyRecord?> UpdateApiKeyAsync(
        string orgId, string keyId, ApiKeyChange change, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection, $"""
            UPDATE api_keys SET name = COALESCE($1, name), scopes = COALESCE($2, scopes),
                rate_limit_requests = COALESCE($3, rate_limit_requests), rate_limit_window = COALESCE($4, rate_limit_window),
                is_active = COALESCE($5, is_active), updated_at = $6
            WHERE id = $7 AND org_id = $8 AND revoked_at IS NULL
            RETURNING {StoredRows.ApiKeyColumns}
            """, StoredRows.ReadApiKey, token, change.Name, change.Scopes is { } scopes ? StoredRows.Scopes(scopes) : null,
            change.RateLimit?.Requests, change.RateLimit?.WindowSeconds, change.IsActive, Ms(now), keyId, orgId), cancellationToken);

    public async Task<bool> ReplaceApiKeySecretAsync(
        string orgId, string keyId, string prefix, string keyHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null, """
            UPDATE api_keys SET prefix = $1, key_hash = $2, updated_at = $3
            WHERE id = $4 AND org_id = $5 AND revoked_at IS NULL
            """, token, prefix, keyHash, Ms(now), keyId, orgId), cancellationToken) == 1;

    public Task AddApiKeyRequestsAsync(string keyId, long requests, DateTimeOffset lastUsedAt, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null, """
            UPDATE api_keys SET request_count = request_count + $1, last_used_at = GREATEST(last_used_at, $2)
            WHERE id = $3
            """, token, requests, Ms(lastUsedAt), keyId), cancellationToken);
}
