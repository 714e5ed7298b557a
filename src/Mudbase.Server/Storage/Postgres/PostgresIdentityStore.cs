using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed class PostgresIdentityStore(PostgresDatabase database) : IIdentityStore
{
    public async Task CreateAccountAsync(UserRecord user, string orgId, string orgName, CancellationToken cancellationToken)
    {
        var at = user.CreatedAt.ToUnixTimeMilliseconds();
        try
        {
            await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                await using var batch = new NpgsqlBatch(connection, transaction)
                {
                    BatchCommands =
                    {
                        BatchCommand("INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)", orgId, orgName, at),
                        BatchCommand("INSERT INTO users (id, email, password_hash, first_name, last_name, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                            user.Id, user.Email, user.PasswordHash, user.FirstName, user.LastName, at),
                        BatchCommand("INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, 'owner', $3)", user.Id, orgId, at),
                    },
                };
                return await batch.ExecuteNonQueryAsync(token);
            }, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresFailures.UniqueViolation && e.TableName == "users")
        {
            throw new DuplicateEmailException();
        }
    }

    public Task<UserRecord?> FindUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        FindUserWhereAsync("email = $1", email, cancellationToken);

    public Task<UserRecord?> FindUserAsync(string userId, CancellationToken cancellationToken) =>
        FindUserWhereAsync("id = $1", userId, cancellationToken);

    public Task<MembershipRecord?> FindMembershipAsync(string userId, string? orgId, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection, """
            SELECT org_id, role FROM memberships
            WHERE user_id = $1 AND ($2::text IS NULL OR org_id = $2)
            ORDER BY created_at, org_id LIMIT 1
            """, reader => new MembershipRecord(userId, reader.GetString(0), reader.GetString(1)), token, userId, orgId),
            cancellationToken);

    public Task AddRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken) =>
        database.RunAsync((connection, cancel) => ExecuteAsync(connection, null,
            "INSERT INTO refresh_tokens (token_hash, family_id, user_id, org_id, expires_at) VALUES ($1, $2, $3, $4, $5)",
            cancel, token.TokenHash, token.FamilyId, token.UserId, token.OrgId, token.ExpiresAt.ToUnixTimeMilliseconds()),
            cancellationToken);

    public Task<(RefreshOutcome Outcome, RefreshTokenRecord? Token)> ConsumeRefreshTokenAsync(
        string tokenHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.InTransactionAsync<(RefreshOutcome, RefreshTokenRecord?)>(async (connection, transaction, token) =>
        {
            // The row lock makes "spend once" hold across server nodes: a concurrent second use waits and sees it spent.
            await using var select = Create(connection, transaction,
                "SELECT family_id, user_id, org_id, expires_at, consumed_at, revoked_at FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
                tokenHash);
            RefreshTokenRecord stored;
            RefreshOutcome outcome;
            await using (var reader = await select.ExecuteReaderAsync(token))
            {
                if (!await reader.ReadAsync(token))
                    return (RefreshOutcome.Unknown, null);
                stored = new RefreshTokenRecord(tokenHash, reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    StoredRows.Time(reader, 3));
                outcome = StoredRules.Refresh(!reader.IsDBNull(4), !reader.IsDBNull(5), stored.ExpiresAt, now);
            }
            if (outcome == RefreshOutcome.Reused)
                await ExecuteAsync(connection, transaction, RevokeFamily, token, now.ToUnixTimeMilliseconds(), stored.FamilyId);
            else if (outcome == RefreshOutcome.Valid)
                await ExecuteAsync(connection, transaction, "UPDATE refresh_tokens SET consumed_at = $1 WHERE token_hash = $2",
                    token, now.ToUnixTimeMilliseconds(), tokenHash);
            return (outcome, stored);
        }, cancellationToken);

    public Task RevokeFamilyOfAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null, """
            UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $1)
            WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $2)
            """, token, now.ToUnixTimeMilliseconds(), tokenHash), cancellationToken);

    public Task RevokeFamilyAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null, RevokeFamily, token, now.ToUnixTimeMilliseconds(), familyId),
            cancellationToken);

    private const string RevokeFamily = "UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE family_id = $2";

    private Task<UserRecord?> FindUserWhereAsync(string condition, string value, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection,
            $"SELECT {StoredRows.UserColumns} FROM users WHERE {condition}", StoredRows.ReadUser, token, value), cancellationToken);
}
