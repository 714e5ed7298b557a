using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>Invites and memberships; API keys are in <c>SqliteAccessStore.ApiKeys.cs</c>.</summary>
internal sealed partial class SqliteAccessStore(SqliteDatabase database) : IAccessStore
{
    private const int ConstraintUnique = 2067;
    private const int ConstraintPrimaryKey = 1555;

    public async Task<bool> AddInviteAsync(InviteRecord invite, IReadOnlyList<string> inviterRoles, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, $"""
            INSERT INTO invites (id, org_id, email, role, token_hash, invited_by, created_at, expires_at)
            SELECT $id, $org, $email, $role, $hash, $by, $at, $expires
            WHERE {HoldsRole("$org", "$by", inviterRoles)}
            """, cancellationToken, ("$id", invite.Id), ("$org", invite.OrgId), ("$email", invite.Email), ("$role", invite.Role),
            ("$hash", invite.TokenHash), ("$by", invite.InvitedBy), ("$at", Ms(invite.CreatedAt)), ("$expires", Ms(invite.ExpiresAt))) == 1;
    }

    // The roles are the server's own constants, never caller input, so they are written into the statement.
    private static string HoldsRole(string org, string user, IReadOnlyList<string> roles) =>
        $"EXISTS (SELECT 1 FROM memberships WHERE org_id = {org} AND user_id = {user} AND role IN ({string.Join(", ", roles.Select(r => $"'{r}'"))}))";

    public async Task<InviteRecord?> FindInviteAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            $"SELECT {StoredRows.InviteColumns} FROM invites WHERE token_hash = $hash", ("$hash", tokenHash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredRows.ReadInvite(reader) : null;
    }

    public async Task<InviteAcceptance> AcceptInviteAsync(
        string inviteId, string userId, UserRecord? newUser, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        string orgId, role;
        await using (var spend = Command(connection, """
            UPDATE invites SET accepted_at = $now, accepted_by = $user
            WHERE id = $id AND accepted_at IS NULL AND expires_at > $now
            RETURNING org_id, role
            """, ("$now", Ms(now)), ("$user", userId), ("$id", inviteId)))
        await using (var reader = await spend.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return InviteAcceptance.Unavailable;
            orgId = reader.GetString(0);
            role = reader.GetString(1);
        }
        try
        {
            if (newUser is not null)
            {
                await ExecuteAsync(connection, """
                    INSERT INTO users (id, email, password_hash, first_name, last_name, created_at)
                    VALUES ($id, $email, $hash, $first, $last, $at)
                    """, cancellationToken, ("$id", newUser.Id), ("$email", newUser.Email), ("$hash", newUser.PasswordHash),
                    ("$first", newUser.FirstName), ("$last", newUser.LastName), ("$at", Ms(newUser.CreatedAt)));
            }
            await ExecuteAsync(connection,
                "INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($user, $org, $role, $at)",
                cancellationToken, ("$user", userId), ("$org", orgId), ("$role", role), ("$at", Ms(now)));
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey)
        {
            // Rolling back un-spends the invite: the person can fix the problem and use the same token.
            return e.SqliteExtendedErrorCode == ConstraintUnique ? InviteAcceptance.EmailTaken : InviteAcceptance.AlreadyMember;
        }
        await transaction.CommitAsync(cancellationToken);
        return InviteAcceptance.Accepted;
    }

    private const string SelectMember = "SELECT " + StoredRows.MemberColumns + " FROM memberships m JOIN users u ON u.id = m.user_id";

    public async Task<IReadOnlyList<MemberRecord>> ListMembersAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, SelectMember + " WHERE m.org_id = $org ORDER BY m.created_at, u.id", ("$org", orgId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var members = new List<MemberRecord>();
        while (await reader.ReadAsync(cancellationToken))
            members.Add(StoredRows.ReadMember(reader));
        return members;
    }

    public async Task<MemberRecord?> FindMemberAsync(string orgId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, SelectMember + " WHERE m.org_id = $org AND m.user_id = $user",
            ("$org", orgId), ("$user", userId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredRows.ReadMember(reader) : null;
    }

    public Task<MemberChange> ChangeRoleAsync(
        string orgId, string userId, string expectedRole, string newRole, CancellationToken cancellationToken) =>
        ChangeMemberAsync(orgId, userId, expectedRole, newRole == "owner",
            "UPDATE memberships SET role = $role WHERE org_id = $org AND user_id = $user", newRole, cancellationToken);

    public Task<MemberChange> RemoveMemberAsync(string orgId, string userId, string expectedRole, CancellationToken cancellationToken) =>
        ChangeMemberAsync(orgId, userId, expectedRole, staysOwner: false,
            "DELETE FROM memberships WHERE org_id = $org AND user_id = $user", null, cancellationToken);

    // BEGIN IMMEDIATE takes the database's write lock before the owner count is read, so the count
    // cannot change between the check and the write.
    private async Task<MemberChange> ChangeMemberAsync(
        string orgId, string userId, string expectedRole, bool staysOwner, string sql, string? newRole, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var read = Command(connection, """
            SELECT role, (SELECT COUNT(*) FROM memberships WHERE org_id = $org AND role = 'owner')
            FROM memberships WHERE org_id = $org AND user_id = $user
            """, ("$org", orgId), ("$user", userId)))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return MemberChange.NotFound;
            if (reader.GetString(0) != expectedRole)
                return MemberChange.Stale;
            if (expectedRole == "owner" && !staysOwner && reader.GetInt64(1) <= 1)
                return MemberChange.LastOwner;
        }
        var parameters = new List<(string, object)> { ("$org", orgId), ("$user", userId) };
        if (newRole is not null)
            parameters.Add(("$role", newRole));
        await ExecuteAsync(connection, sql, cancellationToken, [.. parameters]);
        await transaction.CommitAsync(cancellationToken);
        return MemberChange.Done;
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static async Task<int> ExecuteAsync(
        SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
