using Mudbase.Server.Storage.Details;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed class PostgresOrgPolicyStore(PostgresDatabase database) : IOrgPolicyStore
{
    public async Task<OrgPolicyRecord> GetPolicyAsync(string orgId, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => SingleOrDefaultAsync(connection, StrongAuthSql.Policy("$1"),
            StrongAuthRows.ReadPolicy, token, orgId), cancellationToken) ?? StrongAuthRows.DefaultPolicy;

    public Task SetRequiredMfaRolesAsync(string orgId, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null, StrongAuthSql.UpsertMfaRoles("$1", "$2"), token,
            orgId, StoredRows.Scopes(roles)), cancellationToken);

    public Task SetProcessingProfileAsync(string orgId, string profileJson, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null, StrongAuthSql.UpsertProcessingProfile("$1", "$2"), token,
            orgId, profileJson), cancellationToken);

    public async Task<IReadOnlyList<DetailKeyUsage>> DetailKeyUsageAsync(string orgId, CancellationToken cancellationToken) =>
        await database.RunAsync(async (connection, token) =>
        {
            await using var command = Create(connection, null, DetailKeyTally.Sql("$1"), orgId);
            await using var reader = await command.ExecuteReaderAsync(token);
            var tally = new DetailKeyTally();
            while (await reader.ReadAsync(token))
                tally.Add(reader);
            return tally.Usage();
        }, cancellationToken);

    public async Task<IReadOnlyList<InviteRecord>> InvitesAsync(string orgId, DateTimeOffset until, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection, StrongAuthSql.Invites("$1", "$2"), StoredRows.ReadInvite,
            token, orgId, until.ToUnixTimeMilliseconds()), cancellationToken);

    public async Task<IReadOnlyList<ApiKeyRecord>> AllApiKeysAsync(string orgId, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection, StrongAuthSql.AllApiKeys("$1"), StoredRows.ReadApiKey,
            token, orgId), cancellationToken);
}
