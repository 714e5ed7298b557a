using Mudbase.Server.Storage.Details;
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
        await using var command = Create(connection, DetailKeyTally.Sql("$org"), ("$org", orgId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tally = new DetailKeyTally();
        while (await reader.ReadAsync(cancellationToken))
            tally.Add(reader);
        return tally.Usage();
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
