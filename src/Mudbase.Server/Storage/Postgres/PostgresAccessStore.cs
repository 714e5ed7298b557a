using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>Invites and memberships; API keys are in <c>PostgresAccessStore.ApiKeys.cs</c>.</summary>
internal sealed partial class PostgresAccessStore(PostgresDatabase database) : IAccessStore
{
    private const string SelectMember = "SELECT " + StoredRows.MemberColumns + " FROM memberships m JOIN users u ON u.id = m.user_id";

    public async Task<bool> AddInviteAsync(InviteRecord invite, IReadOnlyList<string> inviterRoles, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null, """
            INSERT INTO invites (id, org_id, email, role, token_hash, invited_by, created_at, expires_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8
            WHERE EXISTS (SELECT 1 FROM memberships WHERE org_id = $2 AND user_id = $6 AND role = ANY($9))
            """, token, invite.Id, invite.OrgId, invite.Email, invite.Role, invite.TokenHash, invite.InvitedBy,
            Ms(invite.CreatedAt), Ms(invite.ExpiresAt), inviterRoles.ToArray()), cancellationToken) == 1;

    public Task<InviteRecord?> FindInviteAsync(string tokenHash, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection,
            $"SELECT {StoredRows.InviteColumns} FROM invites WHERE token_hash = $1", StoredRows.ReadInvite, token, tokenHash),
            cancellationToken);

    public async Task<InviteAcceptance> AcceptInviteAsync(
        string inviteId, string userId, UserRecord? newUser, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                // The row lock of the UPDATE makes a concurrent second accept wait, then find the invite spent.
                await using var spend = Create(connection, transaction, """
                    UPDATE invites SET accepted_at = $1, accepted_by = $2
                    WHERE id = $3 AND accepted_at IS NULL AND expires_at > $1
                    RETURNING org_id, role
                    """, Ms(now), userId, inviteId);
                string orgId, role;
                await using (var reader = await spend.ExecuteReaderAsync(token))
                {
                    if (!await reader.ReadAsync(token))
                        return InviteAcceptance.Unavailable;
                    orgId = reader.GetString(0);
                    role = reader.GetString(1);
                }
                if (newUser is not null)
                {
                    await ExecuteAsync(connection, transaction, """
                        INSERT INTO users (id, email, password_hash, first_name, last_name, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                        """, token, newUser.Id, newUser.Email, newUser.PasswordHash, newUser.FirstName, newUser.LastName, Ms(newUser.CreatedAt));
                }
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, $3, $4)", token, userId, orgId, role, Ms(now));
                return InviteAcceptance.Accepted;
            }, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresFailures.UniqueViolation)
        {
            // The transaction rolled back, which un-spends the invite: the person can fix the problem and use the same token.
            return e.TableName == "users" ? InviteAcceptance.EmailTaken : InviteAcceptance.AlreadyMember;
        }
    }

    public async Task<IReadOnlyList<MemberRecord>> ListMembersAsync(string orgId, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection,
            SelectMember + " WHERE m.org_id = $1 ORDER BY m.created_at, u.id", StoredRows.ReadMember, token, orgId), cancellationToken);

    public Task<MemberRecord?> FindMemberAsync(string orgId, string userId, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection,
            SelectMember + " WHERE m.org_id = $1 AND m.user_id = $2", StoredRows.ReadMember, token, orgId, userId), cancellationToken);

    public Task<MemberChange> ChangeRoleAsync(
        string orgId, string userId, string expectedRole, string newRole, CancellationToken cancellationToken) =>
        ChangeMemberAsync(orgId, userId, expectedRole, newRole == "owner",
            "UPDATE memberships SET role = $3 WHERE org_id = $1 AND user_id = $2", newRole, cancellationToken);

    public Task<MemberChange> RemoveMemberAsync(string orgId, string userId, string expectedRole, CancellationToken cancellationToken) =>
        ChangeMemberAsync(orgId, userId, expectedRole, staysOwner: false,
            "DELETE FROM memberships WHERE org_id = $1 AND user_id = $2", null, cancellationToken);

    // Locking the organisation's row serialises membership changes within it across every node, so the owner
    // count read next cannot change before the write.
    private Task<MemberChange> ChangeMemberAsync(
        string orgId, string userId, string expectedRole, bool staysOwner, string sql, string? newRole, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await ExecuteAsync(connection, transaction, "SELECT 1 FROM orgs WHERE id = $1 FOR UPDATE", token, orgId);
            await using (var read = Create(connection, transaction, """
                SELECT role, (SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'owner')
                FROM memberships WHERE org_id = $1 AND user_id = $2
                """, orgId, userId))
            await using (var reader = await read.ExecuteReaderAsync(token))
            {
                if (!await reader.ReadAsync(token))
                    return MemberChange.NotFound;
                if (reader.GetString(0) != expectedRole)
                    return MemberChange.Stale;
                if (expectedRole == "owner" && !staysOwner && reader.GetInt64(1) <= 1)
                    return MemberChange.LastOwner;
            }
            if (newRole is null)
                await ExecuteAsync(connection, transaction, sql, token, orgId, userId);
            else
                await ExecuteAsync(connection, transaction, sql, token, orgId, userId, newRole);
            return MemberChange.Done;
        }, cancellationToken);

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
