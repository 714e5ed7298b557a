using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed class PostgresStrongAuthStore(PostgresDatabase database) : IStrongAuthStore
{
    public Task<MfaRecord?> FindMfaAsync(string userId, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection,
            "SELECT user_id, secret, enabled_at, last_step FROM user_mfa WHERE user_id = $1", StrongAuthRows.ReadMfa, token, userId),
            cancellationToken);

    public async Task<bool> SavePendingSecretAsync(string userId, string secret, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null, StrongAuthSql.SavePending("$1", "$2"), token,
            userId, secret), cancellationToken) == 1;

    public Task<bool> EnableMfaAsync(
        string userId, string secret, long step, IReadOnlyList<string> recoveryCodeHashes, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, token) =>
        {
            if (await ExecuteAsync(connection, transaction,
                    "UPDATE user_mfa SET enabled_at = $1, last_step = $2 WHERE user_id = $3 AND secret = $4 AND enabled_at IS NULL",
                    token, now.ToUnixTimeMilliseconds(), step, userId, secret) != 1)
                return false;
            await ExecuteAsync(connection, transaction, "DELETE FROM mfa_recovery_codes WHERE user_id = $1", token, userId);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])", token, userId, recoveryCodeHashes.ToArray());
            return true;
        }, cancellationToken);

    public async Task<bool> SpendStepAsync(string userId, long step, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null,
            "UPDATE user_mfa SET last_step = $1 WHERE user_id = $2 AND enabled_at IS NOT NULL AND last_step < $1",
            token, step, userId), cancellationToken) == 1;

    public async Task<bool> SpendRecoveryCodeAsync(string userId, string codeHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null,
            "UPDATE mfa_recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
            token, now.ToUnixTimeMilliseconds(), userId, codeHash), cancellationToken) == 1;

    public async Task<int> CountUnusedRecoveryCodesAsync(string userId, CancellationToken cancellationToken) =>
        (await database.RunAsync((connection, token) => ListAsync(connection,
            "SELECT COUNT(*) FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL", reader => reader.GetInt32(0), token, userId),
            cancellationToken))[0];

    public Task DisableMfaAsync(string userId, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM mfa_recovery_codes WHERE user_id = $1", token, userId);
            return await ExecuteAsync(connection, transaction, "DELETE FROM user_mfa WHERE user_id = $1", token, userId);
        }, cancellationToken);

    public async Task<IReadOnlySet<string>> MfaEnabledMembersAsync(string orgId, CancellationToken cancellationToken) =>
        (await database.RunAsync((connection, token) => ListAsync(connection, StrongAuthSql.MfaEnabledMembers("$1"),
            reader => reader.GetString(0), token, orgId), cancellationToken)).ToHashSet(StringComparer.Ordinal);

    public Task AddChallengeAsync(MfaChallengeRecord challenge, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null,
            "INSERT INTO mfa_challenges (id_hash, user_id, org_id, expires_at) VALUES ($1, $2, $3, $4)", token,
            challenge.IdHash, challenge.UserId, challenge.OrgId, challenge.ExpiresAt.ToUnixTimeMilliseconds()), cancellationToken);

    public Task<MfaChallengeRecord?> FindChallengeAsync(string idHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection, StrongAuthSql.FindChallenge("$1", "$2"),
            StrongAuthRows.ReadChallenge, token, idHash, now.ToUnixTimeMilliseconds()), cancellationToken);

    public async Task<bool> SpendChallengeAsync(string idHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null, StrongAuthSql.SpendChallenge("$1", "$2"),
            token, idHash, now.ToUnixTimeMilliseconds()), cancellationToken) == 1;

    public Task ChangePasswordAsync(string userId, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, token) =>
        {
            var at = now.ToUnixTimeMilliseconds();
            await ExecuteAsync(connection, transaction, "UPDATE users SET password_hash = $1 WHERE id = $2", token, passwordHash, userId);
            await ExecuteAsync(connection, transaction, StrongAuthSql.RevokeAllRefreshTokens("$1", "$2"), token, userId, at);
            return await ExecuteAsync(connection, transaction, StrongAuthSql.UpsertProfileTime("password_changed_at", "$1", "$2"),
                token, userId, at);
        }, cancellationToken);

    public async Task UpdateProfileAsync(string userId, ProfileChange change, CancellationToken cancellationToken)
    {
        try
        {
            await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                await ExecuteAsync(connection, transaction, StrongAuthSql.UpdateUser("$1::text", "$2::text", "$3::text", "$4"), token,
                    change.FirstName, change.LastName, change.Email, userId);
                return change.Avatar is null ? 0 : await ExecuteAsync(connection, transaction, StrongAuthSql.UpsertAvatar("$1", "$2"),
                    token, userId, change.Avatar);
            }, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresFailures.UniqueViolation && e.TableName == "users")
        {
            throw new DuplicateEmailException();
        }
    }

    public Task RecordSignInAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null, StrongAuthSql.UpsertProfileTime("last_sign_in_at", "$1", "$2"),
            token, userId, now.ToUnixTimeMilliseconds()), cancellationToken);

    public async Task<IReadOnlyDictionary<string, UserActivity>> MemberActivityAsync(string orgId, CancellationToken cancellationToken) =>
        (await database.RunAsync((connection, token) => ListAsync(connection, StrongAuthSql.MemberActivity("$1"),
            StrongAuthRows.ReadActivity, token, orgId), cancellationToken))
        .ToDictionary(r => r.UserId, r => r.Activity, StringComparer.Ordinal);
}
