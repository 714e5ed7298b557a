using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed partial class PostgresPrivacyStore
{
    public Task<AccountFootprint> AccountFootprintAsync(string userId, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, token) =>
        {
            var memberships = await ListAsync(connection, "SELECT org_id, role FROM memberships WHERE user_id = $1 ORDER BY created_at, org_id",
                reader => new MembershipRecord(userId, reader.GetString(0), reader.GetString(1)), token, userId);
            var sessions = await ListAsync(connection, """
                SELECT family_id, org_id, MAX(expires_at), bool_and(revoked_at IS NOT NULL), COUNT(*) FROM refresh_tokens
                WHERE user_id = $1 GROUP BY family_id, org_id ORDER BY MAX(expires_at) DESC
                """, reader => new SessionRecord(reader.GetString(0), reader.GetString(1), StoredRows.Time(reader, 2),
                    reader.GetBoolean(3), (int)reader.GetInt64(4)), token, userId);
            var keys = await ListAsync(connection, $"SELECT {StoredRows.ApiKeyColumns} FROM api_keys WHERE created_by = $1 ORDER BY created_at, id",
                StoredRows.ReadApiKey, token, userId);
            var erased = await ListAsync(connection, "SELECT erased_at FROM users WHERE id = $1",
                reader => StoredRows.OptionalTime(reader, 0), token, userId);
            return new AccountFootprint(memberships, sessions, keys, erased.FirstOrDefault());
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> SoleOwnedOrgsAsync(string userId, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection, SoleOwnedSql, reader => reader.GetString(0), token, userId),
            cancellationToken);

    private const string SoleOwnedSql = """
        SELECT m.org_id FROM memberships m
        WHERE m.user_id = $1 AND m.role = 'owner'
          AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.org_id = m.org_id AND o.role = 'owner' AND o.user_id <> $1)
        ORDER BY m.org_id
        """;

    public Task<AccountErasureOutcome> EraseAccountAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, token) =>
        {
            var at = now.ToUnixTimeMilliseconds();
            // The same organisation row locks as role changes (PostgresAccessStore), so no owner leaves meanwhile.
            await ExecuteAsync(connection, transaction, """
                SELECT 1 FROM orgs WHERE id IN (SELECT org_id FROM memberships WHERE user_id = $1) ORDER BY id FOR UPDATE
                """, token, userId);
            var soleOwned = await ListAsync(connection, transaction, SoleOwnedSql, reader => reader.GetString(0), token, userId);
            if (soleOwned.Count > 0)
                return new AccountErasureOutcome(false, soleOwned);
            var changed = await ExecuteAsync(connection, transaction, """
                UPDATE users SET email = $1, first_name = '', last_name = '', password_hash = $2, erased_at = $3
                WHERE id = $4 AND erased_at IS NULL
                """, token, PrivacyRows.ErasedEmail(userId), PrivacyRows.NoPassword, at, userId);
            if (changed == 0)
                return new AccountErasureOutcome(false, []);
            await ExecuteAsync(connection, transaction,
                "UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE user_id = $2", token, at, userId);
            await ExecuteAsync(connection, transaction,
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE created_by = $2", token, at, userId);
            await ExecuteAsync(connection, transaction, "DELETE FROM memberships WHERE user_id = $1", token, userId);
            await ExecuteAsync(connection, transaction, "UPDATE invites SET email = $1 WHERE accepted_by = $2", token,
                PrivacyRows.ErasedEmail(userId), userId);
            return new AccountErasureOutcome(true, []);
        }, cancellationToken);
}
