using Microsoft.Data.Sqlite;
using static Mudbase.Server.Storage.Sqlite.SqliteCommands;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed partial class SqlitePrivacyStore
{
    public async Task<AccountFootprint> AccountFootprintAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var memberships = await ListAsync(connection, "SELECT org_id, role FROM memberships WHERE user_id = $user ORDER BY created_at, org_id",
            reader => new MembershipRecord(userId, reader.GetString(0), reader.GetString(1)), cancellationToken, ("$user", userId));
        var sessions = await ListAsync(connection, """
            SELECT family_id, org_id, MAX(expires_at), MIN(revoked_at IS NOT NULL), COUNT(*) FROM refresh_tokens
            WHERE user_id = $user GROUP BY family_id, org_id ORDER BY MAX(expires_at) DESC
            """, reader => new SessionRecord(reader.GetString(0), reader.GetString(1), StoredRows.Time(reader, 2),
                reader.GetInt64(3) == 1, (int)reader.GetInt64(4)), cancellationToken, ("$user", userId));
        var keys = await ListAsync(connection, $"SELECT {StoredRows.ApiKeyColumns} FROM api_keys WHERE created_by = $user ORDER BY created_at, id",
            StoredRows.ReadApiKey, cancellationToken, ("$user", userId));
        var erased = await ListAsync(connection, "SELECT erased_at FROM users WHERE id = $user",
            reader => StoredRows.OptionalTime(reader, 0), cancellationToken, ("$user", userId));
        return new AccountFootprint(memberships, sessions, keys, erased.FirstOrDefault());
    }

    public async Task<IReadOnlyList<string>> SoleOwnedOrgsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await SoleOwnedAsync(connection, userId, cancellationToken);
    }

    private static Task<List<string>> SoleOwnedAsync(SqliteConnection connection, string userId, CancellationToken cancellationToken) =>
        ListAsync(connection, """
            SELECT m.org_id FROM memberships m
            WHERE m.user_id = $user AND m.role = 'owner'
              AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.org_id = m.org_id AND o.role = 'owner' AND o.user_id <> $user)
            ORDER BY m.org_id
            """, reader => reader.GetString(0), cancellationToken, ("$user", userId));

    public async Task<AccountErasureOutcome> EraseAccountAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var soleOwned = await SoleOwnedAsync(connection, userId, cancellationToken);
            if (soleOwned.Count > 0)
                return new AccountErasureOutcome(false, soleOwned);
            var changed = await ExecuteAsync(connection, """
                UPDATE users SET email = $email, first_name = '', last_name = '', password_hash = $none, erased_at = $now
                WHERE id = $user AND erased_at IS NULL
                """, cancellationToken, ("$email", PrivacyRows.ErasedEmail(userId)), ("$none", PrivacyRows.NoPassword),
                ("$now", Ms(now)), ("$user", userId));
            if (changed == 0)
                return new AccountErasureOutcome(false, []);
            await ExecuteAsync(connection, "UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $now) WHERE user_id = $user",
                cancellationToken, ("$now", Ms(now)), ("$user", userId));
            await ExecuteAsync(connection, "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $now) WHERE created_by = $user",
                cancellationToken, ("$now", Ms(now)), ("$user", userId));
            await ExecuteAsync(connection, "DELETE FROM memberships WHERE user_id = $user", cancellationToken, ("$user", userId));
            await ExecuteAsync(connection, "UPDATE invites SET email = $email WHERE accepted_by = $user", cancellationToken,
                ("$email", PrivacyRows.ErasedEmail(userId)), ("$user", userId));
            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException e)
        {
            throw new StorageUnavailableException("The account could not be erased; nothing was changed", e);
        }
        await CheckpointAsync(cancellationToken);
        return new AccountErasureOutcome(true, []);
    }
}
