using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed class SqliteIdentityStore(SqliteDatabase database) : IIdentityStore
{
    private const int ConstraintUnique = 2067;

    public async Task CreateAccountAsync(UserRecord user, string orgId, string orgName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, "INSERT INTO orgs (id, name, created_at) VALUES ($id, $name, $at)",
                cancellationToken, ("$id", orgId), ("$name", orgName), ("$at", user.CreatedAt.ToUnixTimeMilliseconds()));
            await ExecuteAsync(connection,
                "INSERT INTO users (id, email, password_hash, first_name, last_name, created_at) VALUES ($id, $email, $hash, $first, $last, $at)",
                cancellationToken, ("$id", user.Id), ("$email", user.Email), ("$hash", user.PasswordHash),
                ("$first", user.FirstName), ("$last", user.LastName), ("$at", user.CreatedAt.ToUnixTimeMilliseconds()));
            await ExecuteAsync(connection,
                "INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($user, $org, 'owner', $at)",
                cancellationToken, ("$user", user.Id), ("$org", orgId), ("$at", user.CreatedAt.ToUnixTimeMilliseconds()));
            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == ConstraintUnique)
        {
            throw new DuplicateEmailException();
        }
    }

    public Task<UserRecord?> FindUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        FindUserWhereAsync("email = $value", email, cancellationToken);

    public Task<UserRecord?> FindUserAsync(string userId, CancellationToken cancellationToken) =>
        FindUserWhereAsync("id = $value", userId, cancellationToken);

    public async Task<MembershipRecord?> FindMembershipAsync(string userId, string? orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT org_id, role FROM memberships
            WHERE user_id = $user AND ($org IS NULL OR org_id = $org)
            ORDER BY created_at, org_id LIMIT 1
            """;
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$org", (object?)orgId ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new MembershipRecord(userId, reader.GetString(0), reader.GetString(1))
            : null;
    }

    public async Task AddRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            "INSERT INTO refresh_tokens (token_hash, family_id, user_id, org_id, expires_at) VALUES ($hash, $family, $user, $org, $expires)",
            cancellationToken, ("$hash", token.TokenHash), ("$family", token.FamilyId), ("$user", token.UserId),
            ("$org", token.OrgId), ("$expires", token.ExpiresAt.ToUnixTimeMilliseconds()));
    }

    public async Task<(RefreshOutcome Outcome, RefreshTokenRecord? Token)> ConsumeRefreshTokenAsync(
        string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT family_id, user_id, org_id, expires_at, consumed_at, revoked_at FROM refresh_tokens WHERE token_hash = $hash";
        select.Parameters.AddWithValue("$hash", tokenHash);
        RefreshTokenRecord token;
        RefreshOutcome outcome;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return (RefreshOutcome.Unknown, null);
            token = new RefreshTokenRecord(tokenHash, reader.GetString(0), reader.GetString(1), reader.GetString(2),
                StoredRows.Time(reader, 3));
            outcome = StoredRules.Refresh(!reader.IsDBNull(4), !reader.IsDBNull(5), token.ExpiresAt, now);
        }

        if (outcome == RefreshOutcome.Reused)
            await RevokeFamilyAsync(connection, token.FamilyId, now, cancellationToken);
        else if (outcome == RefreshOutcome.Valid)
            await ExecuteAsync(connection, "UPDATE refresh_tokens SET consumed_at = $now WHERE token_hash = $hash",
                cancellationToken, ("$now", now.ToUnixTimeMilliseconds()), ("$hash", tokenHash));
        await transaction.CommitAsync(cancellationToken);
        return (outcome, token);
    }

    public async Task RevokeFamilyOfAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, """
            UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $now)
            WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $hash)
            """, cancellationToken, ("$now", now.ToUnixTimeMilliseconds()), ("$hash", tokenHash));
    }

    public async Task RevokeFamilyAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await RevokeFamilyAsync(connection, familyId, now, cancellationToken);
    }

    private static Task RevokeFamilyAsync(SqliteConnection connection, string familyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, "UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $now) WHERE family_id = $family",
            cancellationToken, ("$now", now.ToUnixTimeMilliseconds()), ("$family", familyId));

    private async Task<UserRecord?> FindUserWhereAsync(string condition, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoredRows.UserColumns} FROM users WHERE {condition}";
        command.Parameters.AddWithValue("$value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredRows.ReadUser(reader) : null;
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
