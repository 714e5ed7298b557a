using static Mudbase.Server.Storage.Sqlite.SqliteCommands;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed class SqliteOrgPolicyStore(SqliteDatabase database) : IOrgPolicyStore
{
    public async Task<OrgPolicyRecord> GetPolicyAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await ListAsync(connection, StrongAuthSql.Policy("$org"), StrongAuthRows.ReadPolicy, cancellationToken, ("$org", orgId));
        return rows.FirstOrDefault() ?? StrongAuthRows.DefaultPolicy;
    }

    public async Task SetRequiredMfaRolesAsync(string orgId, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, StrongAuthSql.UpsertMfaRoles("$org", "$roles"), cancellationToken,
            ("$org", orgId), ("$roles", StoredRows.Scopes(roles)));
    }

    public async Task SetProcessingProfileAsync(string orgId, string profileJson, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, StrongAuthSql.UpsertProcessingProfile("$org", "$profile"), cancellationToken,
            ("$org", orgId), ("$profile", profileJson));
    }

    public async Task<IReadOnlyList<DetailKeyUsage>> DetailKeyUsageAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ListAsync(connection, """
            SELECT j.key, COUNT(*), MIN(e.recorded_at), MAX(e.recorded_at)
            FROM events e, json_each(e.commitments) j
            WHERE e.org_id = $org
            GROUP BY j.key ORDER BY j.key
            """, StrongAuthRows.ReadKeyUsage, cancellationToken, ("$org", orgId));
    }

    public async Task<IReadOnlyList<InviteRecord>> InvitesAsync(string orgId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ListAsync(connection, StrongAuthSql.Invites("$org", "$until"), StoredRows.ReadInvite, cancellationToken,
            ("$org", orgId), ("$until", Ms(until)));
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> AllApiKeysAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ListAsync(connection, StrongAuthSql.AllApiKeys("$org"), StoredRows.ReadApiKey, cancellationToken, ("$org", orgId));
    }
}
