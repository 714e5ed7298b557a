using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed partial class PostgresAccessStore
{
    private const string SelectKey = "SELECT " + StoredRows.ApiKeyColumns + " FROM api_keys";

    public async Task<bool> AddApiKeyAsync(ApiKeyRecord key, IReadOnlyList<string> creatorRoles, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null, """
            INSERT INTO api_keys (id, org_id, name, prefix, key_hash, scopes, created_by, created_at, expires_at,
                rate_limit_requests, rate_limit_window)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
            WHERE EXISTS (SELECT 1 FROM memberships WHERE org_id = $2 AND user_id = $7 AND role = ANY($12))
            """, token, key.Id, key.OrgId, key.Name, key.Prefix, key.KeyHash, StoredRows.Scopes(key.Scopes), key.CreatedBy,
            Ms(key.CreatedAt), key.ExpiresAt is { } expires ? Ms(expires) : null, key.RateLimit?.Requests, key.RateLimit?.WindowSeconds,
            creatorRoles.ToArray()), cancellationToken) == 1;

    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string orgId, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection,
            SelectKey + " WHERE org_id = $1 AND revoked_at IS NULL ORDER BY created_at, id", StoredRows.ReadApiKey, token, orgId),
            cancellationToken);

    public Task<ApiKeyRecord?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection,
            SelectKey + " WHERE key_hash = $1", StoredRows.ReadApiKey, token, keyHash), cancellationToken);

    public async Task<bool> RevokeApiKeyAsync(string orgId, string keyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null,
            "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND revoked_at IS NULL",
            token, Ms(now), keyId, orgId), cancellationToken) == 1;
}
