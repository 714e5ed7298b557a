using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed partial class PostgresAccessStore : IOrgStore
{
    public Task<OrgRecord?> FindOrgAsync(string orgId, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection,
            $"SELECT {StoredRows.OrgColumns} FROM orgs WHERE id = $1", StoredRows.ReadOrg, token, orgId), cancellationToken);

    public async Task<OrgRecord?> UpdateOrgAsync(string orgId, OrgChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FindOrgAsync(orgId, cancellationToken) is not { } current)
            return null;
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null, """
            UPDATE orgs SET name = $1, description = $2, website = $3, slug = COALESCE(slug, $4), updated_at = $5
            WHERE id = $6
            """, token, change.Name ?? current.Name, change.Description ?? current.Description, change.Website ?? current.Website,
            current.Slug, Ms(now), orgId), cancellationToken);
        return await FindOrgAsync(orgId, cancellationToken);
    }

    public async Task<int> CountSessionsAsync(string orgId, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        (int)await database.RunAsync(async (connection, token) =>
        {
            await using var command = Create(connection, """
                SELECT COUNT(DISTINCT family_id) FROM refresh_tokens
                WHERE org_id = $1 AND user_id = $2 AND expires_at > $3 AND consumed_at IS NULL AND revoked_at IS NULL
                """, orgId, userId, Ms(now));
            return (long)(await command.ExecuteScalarAsync(token))!;
        }, cancellationToken);
}
