using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed class PostgresIdempotencyStore(PostgresDatabase database) : IIdempotencyStore
{
    public Task<IdempotencyRecord?> FindAsync(IdempotencyScope scope, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection, $"""
            SELECT {IdempotencyRows.RecordColumns} FROM idempotency_keys
            WHERE org_id = $1 AND principal = $2 AND idem_key = $3 AND expires_at > $4
            """, reader => IdempotencyRows.Read(reader, 0), token, scope.OrgId, scope.Principal, scope.Key, now.ToUnixTimeMilliseconds()),
            cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null, """
            DELETE FROM idempotency_keys WHERE (org_id, principal, idem_key) IN
                (SELECT org_id, principal, idem_key FROM idempotency_keys WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2)
            """, token, now.ToUnixTimeMilliseconds(), limit), cancellationToken);
}
