namespace Mudbase.Server.Storage.Sqlite;

internal sealed partial class SqliteAccessStore : IOrgStore
{
    public async Task<OrgRecord?> FindOrgAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {StoredRows.OrgColumns} FROM orgs WHERE id = $id", ("$id", orgId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredRows.ReadOrg(reader) : null;
    }

    public async Task<OrgRecord?> UpdateOrgAsync(string orgId, OrgChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FindOrgAsync(orgId, cancellationToken) is not { } current)
            return null;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await ExecuteAsync(connection, """
                UPDATE orgs SET name = $name, description = $description, website = $website,
                    slug = COALESCE(slug, $slug), updated_at = $now
                WHERE id = $id
                """, cancellationToken, ("$name", change.Name ?? current.Name),
                ("$description", (object?)change.Description ?? current.Description ?? (object)DBNull.Value),
                ("$website", (object?)change.Website ?? current.Website ?? (object)DBNull.Value),
                ("$slug", current.Slug), ("$now", Ms(now)), ("$id", orgId));
        }
        return await FindOrgAsync(orgId, cancellationToken);
    }

    public async Task<int> CountSessionsAsync(string orgId, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT COUNT(DISTINCT family_id) FROM refresh_tokens
            WHERE org_id = $org AND user_id = $user AND expires_at > $now AND consumed_at IS NULL AND revoked_at IS NULL
            """, ("$org", orgId), ("$user", userId), ("$now", Ms(now)));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
