using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresArrays;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Claims idempotency keys inside the append transaction, after the log heads are locked. A separate statement
/// after the lock, so under READ COMMITTED it sees a key committed by whoever held the lock before.
/// </summary>
internal static class PostgresIdempotencyRows
{
    private const string FindLive = $"""
        SELECT u.ord, {IdempotencyRows.RecordColumns}
        FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(org_id, principal, idem_key, ord)
        JOIN idempotency_keys k ON k.org_id = u.org_id AND k.principal = u.principal AND k.idem_key = u.idem_key
        WHERE k.expires_at > $4
        """;

    // A row still there for the scope has expired (a live one would have been found under the same lock): replace it.
    private const string Upsert = """
        INSERT INTO idempotency_keys (org_id, principal, idem_key, fingerprint, status, response, created_at, expires_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::integer[], $6::text[], $7::bigint[], $8::bigint[])
        ON CONFLICT (org_id, principal, idem_key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
            response = excluded.response, created_at = excluded.created_at, expires_at = excluded.expires_at
        """;

    public static async Task ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<IdempotencyClaim> claims, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var live = new Dictionary<IdempotencyScope, IdempotencyRecord>();
        await using (var find = new NpgsqlCommand(FindLive, connection, transaction))
        {
            find.Parameters.AddRange(new NpgsqlParameter[] {Text(claims.Select(c => c.Scope.OrgId)), Text(claims.Select(c => c.Scope.Principal)),
                Text(claims.Select(c => c.Scope.Key)), new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() } });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                live[claims[(int)reader.GetInt64(0) - 1].Scope] = IdempotencyRows.Read(reader, 1);
        }
        var winners = IdempotencyClaims.Resolve(claims, live);
        if (winners.Count == 0)
            return;
        await using var upsert = new NpgsqlCommand(Upsert, connection, transaction);
        upsert.Parameters.AddRange(new NpgsqlParameter[] {Text(winners.Select(c => c.Scope.OrgId)), Text(winners.Select(c => c.Scope.Principal)),
            Text(winners.Select(c => c.Scope.Key)), Bytea(winners.Select(c => c.Record.Fingerprint)),
            Integer(winners.Select(c => c.Record.Status)), Text(winners.Select(c => c.Record.Response)),
            Bigint(winners.Select(c => c.Record.CreatedAt.ToUnixTimeMilliseconds())),
            Bigint(winners.Select(c => c.Record.ExpiresAt.ToUnixTimeMilliseconds())) });
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }
}
