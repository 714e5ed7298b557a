namespace Mudbase.Server.Storage.Sqlite;

internal sealed partial class SqliteAccessStore : IApiKeyAdminStore
{
    public async Task<ApiKeyRecord?> FindApiKeyByIdAsync(string orgId, string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, SelectKey + " WHERE id = $id AND org_id = $org AND revoked_at IS NULL",
            ("$id", keyId), ("$org", orgId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredRows.ReadApiKey(reader) : null;
    }

    public async Task<ApiKeyRecord?> UpdateApiKeyAsync(
        string orgId, string keyId, ApiKeyChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            var changed = await ExecuteAsync(connection, """
                UPDATE api_keys SET name = COALESCE($name, name), scopes = COALESCE($scopes, scopes),
                    rate_limit_requests = COALESCE($requests, rate_limit_requests),
                    rate_limit_window = COALESCE($window, rate_limit_window),
                    is_active = COALESCE($active, is_active), updated_at = $now
                WHERE id = $id AND org_id = $org AND revoked_at IS NULL
                """, cancellationToken, ("$name", (object?)change.Name ?? DBNull.Value),
                ("$scopes", change.Scopes is { } scopes ? StoredRows.Scopes(scopes) : DBNull.Value),
                ("$requests", (object?)change.RateLimit?.Requests ?? DBNull.Value),
                ("$window", (object?)change.RateLimit?.WindowSeconds ?? DBNull.Value),
                ("$active", (object?)change.IsActive ?? DBNull.Value), ("$now", Ms(now)), ("$id", keyId), ("$org", orgId));
            if (changed == 0)
                return null;
        }
        return await FindApiKeyByIdAsync(orgId, keyId, cancellationToken);
    }

    public async Task<bool> ReplaceApiKeySecretAsync(
        string orgId, string keyId, string prefix, string keyHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, """
            UPDATE api_keys SET prefix = $prefix, key_hash = $hash, updated_at = $now
            WHERE id = $id AND org_id = $org AND revoked_at IS NULL
            """, cancellationToken, ("$prefix", prefix), ("$hash", keyHash), ("$now", Ms(now)), ("$id", keyId), ("$org", orgId)) == 1;
    }

    public async Task AddApiKeyRequestsAsync(string keyId, long requests, DateTimeOffset lastUsedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, """
            UPDATE api_keys SET request_count = request_count + $requests,
                last_used_at = MAX(COALESCE(last_used_at, 0), $now)
            WHERE id = $id
            """, cancellationToken, ("$requests", requests), ("$now", Ms(lastUsedAt)), ("$id", keyId));
    }
}
