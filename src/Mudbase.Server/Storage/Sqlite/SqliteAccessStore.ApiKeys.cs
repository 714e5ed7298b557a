using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed partial class SqliteAccessStore
{
    private const string SelectKey = "SELECT " + StoredRows.ApiKeyColumns + " FROM api_keys";

    public async Task<bool> AddApiKeyAsync(ApiKeyRecord key, IReadOnlyList<string> creatorRoles, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, $"""
            INSERT INTO api_keys (id, org_id, name, prefix, key_hash, scopes, created_by, created_at, expires_at,
                rate_limit_requests, rate_limit_window)
            SELECT $id, $org, $name, $prefix, $hash, $scopes, $by, $at, $expires, $requests, $window
            WHERE {HoldsRole("$org", "$by", creatorRoles)}
            """, cancellationToken, ("$id", key.Id), ("$org", key.OrgId), ("$name", key.Name), ("$prefix", key.Prefix),
            ("$hash", key.KeyHash), ("$scopes", StoredRows.Scopes(key.Scopes)), ("$by", key.CreatedBy), ("$at", Ms(key.CreatedAt)),
            ("$expires", key.ExpiresAt is { } expires ? Ms(expires) : DBNull.Value),
            ("$requests", (object?)key.RateLimit?.Requests ?? DBNull.Value), ("$window", (object?)key.RateLimit?.WindowSeconds ?? DBNull.Value)) == 1;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, SelectKey + " WHERE org_id = $org AND revoked_at IS NULL ORDER BY created_at, id",
            ("$org", orgId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(StoredRows.ReadApiKey(reader));
        return keys;
    }

    public async Task<ApiKeyRecord?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, SelectKey + " WHERE key_hash = $hash", ("$hash", keyHash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredRows.ReadApiKey(reader) : null;
    }

    public async Task<bool> RevokeApiKeyAsync(string orgId, string keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection,
            "UPDATE api_keys SET revoked_at = $now WHERE id = $id AND org_id = $org AND revoked_at IS NULL",
            cancellationToken, ("$now", Ms(now)), ("$id", keyId), ("$org", orgId)) == 1;
    }
}
