namespace Mudbase.Server.Storage;

/// <summary>
/// The statements both SQL providers run for <see cref="IStrongAuthStore"/> and <see cref="IOrgPolicyStore"/>,
/// with the provider's parameter names filled in (<c>$user</c> on SQLite, <c>$1</c> on PostgreSQL).
/// </summary>
internal static class StrongAuthSql
{
    public static string SavePending(string user, string secret) => $"""
        INSERT INTO user_mfa (user_id, secret, enabled_at, last_step) VALUES ({user}, {secret}, NULL, 0)
        ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0 WHERE user_mfa.enabled_at IS NULL
        """;

    public static string MfaEnabledMembers(string org) => $"""
        SELECT f.user_id FROM user_mfa f JOIN memberships m ON m.user_id = f.user_id
        WHERE m.org_id = {org} AND f.enabled_at IS NOT NULL
        """;

    public static string FindChallenge(string hash, string now) =>
        $"SELECT id_hash, user_id, org_id, expires_at FROM mfa_challenges WHERE id_hash = {hash} AND used_at IS NULL AND expires_at > {now}";

    public static string SpendChallenge(string hash, string now) =>
        $"UPDATE mfa_challenges SET used_at = {now} WHERE id_hash = {hash} AND used_at IS NULL AND expires_at > {now}";

    public static string RevokeAllRefreshTokens(string user, string now) =>
        $"UPDATE refresh_tokens SET revoked_at = {now} WHERE user_id = {user} AND revoked_at IS NULL";

    public static string UpsertProfileTime(string column, string user, string now) => $"""
        INSERT INTO user_profiles (user_id, {column}) VALUES ({user}, {now})
        ON CONFLICT (user_id) DO UPDATE SET {column} = excluded.{column}
        """;

    public static string UpsertAvatar(string user, string avatar) => $"""
        INSERT INTO user_profiles (user_id, avatar) VALUES ({user}, {avatar})
        ON CONFLICT (user_id) DO UPDATE SET avatar = excluded.avatar
        """;

    public static string UpdateUser(string first, string last, string email, string user) => $"""
        UPDATE users SET first_name = COALESCE({first}, first_name), last_name = COALESCE({last}, last_name),
            email = COALESCE({email}, email)
        WHERE id = {user}
        """;

    public static string MemberActivity(string org) => $"""
        SELECT p.user_id, p.last_sign_in_at, p.password_changed_at FROM user_profiles p
        JOIN memberships m ON m.user_id = p.user_id WHERE m.org_id = {org}
        """;

    public static string UpsertMfaRoles(string org, string roles) => $"""
        INSERT INTO org_policies (org_id, require_mfa_roles) VALUES ({org}, {roles})
        ON CONFLICT (org_id) DO UPDATE SET require_mfa_roles = excluded.require_mfa_roles
        """;

    public static string UpsertProcessingProfile(string org, string profile) => $"""
        INSERT INTO org_policies (org_id, processing_profile) VALUES ({org}, {profile})
        ON CONFLICT (org_id) DO UPDATE SET processing_profile = excluded.processing_profile
        """;

    public static string Policy(string org) => $"SELECT require_mfa_roles, processing_profile FROM org_policies WHERE org_id = {org}";

    public static string Invites(string org, string until) =>
        $"SELECT {StoredRows.InviteColumns} FROM invites WHERE org_id = {org} AND created_at < {until} ORDER BY created_at, id";

    public static string AllApiKeys(string org) =>
        $"SELECT {StoredRows.ApiKeyColumns} FROM api_keys WHERE org_id = {org} ORDER BY created_at, id";
}
