using Microsoft.Data.Sqlite;
using static Mudbase.Server.Storage.Sqlite.SqliteCommands;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed class SqliteStrongAuthStore(SqliteDatabase database) : IStrongAuthStore
{
    private const int ConstraintUnique = 2067;

    public async Task<MfaRecord?> FindMfaAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await ListAsync(connection, "SELECT user_id, secret, enabled_at, last_step FROM user_mfa WHERE user_id = $user",
            StrongAuthRows.ReadMfa, cancellationToken, ("$user", userId));
        return rows.FirstOrDefault();
    }

    public async Task<bool> SavePendingSecretAsync(string userId, string secret, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, StrongAuthSql.SavePending("$user", "$secret"), cancellationToken,
            ("$user", userId), ("$secret", secret)) == 1;
    }

    public async Task<bool> EnableMfaAsync(
        string userId, string secret, long step, IReadOnlyList<string> recoveryCodeHashes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (await ExecuteAsync(connection,
                "UPDATE user_mfa SET enabled_at = $now, last_step = $step WHERE user_id = $user AND secret = $secret AND enabled_at IS NULL",
                cancellationToken, ("$now", Ms(now)), ("$step", step), ("$user", userId), ("$secret", secret)) != 1)
            return false;
        await ExecuteAsync(connection, "DELETE FROM mfa_recovery_codes WHERE user_id = $user", cancellationToken, ("$user", userId));
        foreach (var hash in recoveryCodeHashes)
            await ExecuteAsync(connection, "INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES ($user, $hash)",
                cancellationToken, ("$user", userId), ("$hash", hash));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> SpendStepAsync(string userId, long step, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection,
            "UPDATE user_mfa SET last_step = $step WHERE user_id = $user AND enabled_at IS NOT NULL AND last_step < $step",
            cancellationToken, ("$step", step), ("$user", userId)) == 1;
    }

    public async Task<bool> SpendRecoveryCodeAsync(string userId, string codeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection,
            "UPDATE mfa_recovery_codes SET used_at = $now WHERE user_id = $user AND code_hash = $hash AND used_at IS NULL",
            cancellationToken, ("$now", Ms(now)), ("$user", userId), ("$hash", codeHash)) == 1;
    }

    public async Task<int> CountUnusedRecoveryCodesAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await ListAsync(connection, "SELECT COUNT(*) FROM mfa_recovery_codes WHERE user_id = $user AND used_at IS NULL",
            reader => reader.GetInt32(0), cancellationToken, ("$user", userId));
        return rows[0];
    }

    public async Task DisableMfaAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "DELETE FROM mfa_recovery_codes WHERE user_id = $user", cancellationToken, ("$user", userId));
        await ExecuteAsync(connection, "DELETE FROM user_mfa WHERE user_id = $user", cancellationToken, ("$user", userId));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlySet<string>> MfaEnabledMembersAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await ListAsync(connection, StrongAuthSql.MfaEnabledMembers("$org"), reader => reader.GetString(0),
            cancellationToken, ("$org", orgId))).ToHashSet(StringComparer.Ordinal);
    }

    public async Task AddChallengeAsync(MfaChallengeRecord challenge, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            "INSERT INTO mfa_challenges (id_hash, user_id, org_id, expires_at) VALUES ($hash, $user, $org, $expires)",
            cancellationToken, ("$hash", challenge.IdHash), ("$user", challenge.UserId), ("$org", challenge.OrgId),
            ("$expires", Ms(challenge.ExpiresAt)));
    }

    public async Task<MfaChallengeRecord?> FindChallengeAsync(string idHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await ListAsync(connection, StrongAuthSql.FindChallenge("$hash", "$now"), StrongAuthRows.ReadChallenge,
            cancellationToken, ("$hash", idHash), ("$now", Ms(now)));
        return rows.FirstOrDefault();
    }

    public async Task<bool> SpendChallengeAsync(string idHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, StrongAuthSql.SpendChallenge("$hash", "$now"), cancellationToken,
            ("$hash", idHash), ("$now", Ms(now))) == 1;
    }

    public async Task ChangePasswordAsync(string userId, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "UPDATE users SET password_hash = $hash WHERE id = $user", cancellationToken,
            ("$hash", passwordHash), ("$user", userId));
        await ExecuteAsync(connection, StrongAuthSql.RevokeAllRefreshTokens("$user", "$now"), cancellationToken,
            ("$user", userId), ("$now", Ms(now)));
        await ExecuteAsync(connection, StrongAuthSql.UpsertProfileTime("password_changed_at", "$user", "$now"), cancellationToken,
            ("$user", userId), ("$now", Ms(now)));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task UpdateProfileAsync(string userId, ProfileChange change, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, StrongAuthSql.UpdateUser("$first", "$last", "$email", "$user"), cancellationToken,
                ("$first", change.FirstName), ("$last", change.LastName), ("$email", change.Email), ("$user", userId));
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == ConstraintUnique)
        {
            throw new DuplicateEmailException();
        }
        if (change.Avatar is not null)
            await ExecuteAsync(connection, StrongAuthSql.UpsertAvatar("$user", "$avatar"), cancellationToken,
                ("$user", userId), ("$avatar", change.Avatar));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RecordSignInAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, StrongAuthSql.UpsertProfileTime("last_sign_in_at", "$user", "$now"), cancellationToken,
            ("$user", userId), ("$now", Ms(now)));
    }

    public async Task<IReadOnlyDictionary<string, UserActivity>> MemberActivityAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await ListAsync(connection, StrongAuthSql.MemberActivity("$org"), StrongAuthRows.ReadActivity,
            cancellationToken, ("$org", orgId));
        return rows.ToDictionary(r => r.UserId, r => r.Activity, StringComparer.Ordinal);
    }
}
