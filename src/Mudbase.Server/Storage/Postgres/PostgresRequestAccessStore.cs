using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>The per-request membership and session read: one indexed round trip, never cached across nodes.</summary>
internal sealed class PostgresRequestAccessStore(PostgresDatabase database) : IRequestAccessStore
{
    private const string Sql = """
        SELECT role, EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = $3 AND revoked_at IS NOT NULL)
        FROM memberships WHERE user_id = $1 AND org_id = $2
        """;

    public Task<RequestAccess?> FindAsync(string userId, string orgId, string? sessionId, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection, Sql,
            reader => new RequestAccess(reader.GetString(0), reader.GetBoolean(1)), token, userId, orgId, sessionId),
            cancellationToken);
}
