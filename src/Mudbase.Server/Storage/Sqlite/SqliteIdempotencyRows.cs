using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>The writer connection's statements for idempotency keys, run inside the append transaction.</summary>
internal sealed class SqliteIdempotencyRows : IDisposable
{
    private readonly SqliteCommand find;
    private readonly SqliteCommand upsert;

    public SqliteIdempotencyRows(SqliteConnection connection)
    {
        find = connection.CreateCommand();
        find.CommandText = $"""
            SELECT {IdempotencyRows.RecordColumns} FROM idempotency_keys
            WHERE org_id = $org AND principal = $principal AND idem_key = $key AND expires_at > $now
            """;
        foreach (var name in new[] { "$org", "$principal", "$key", "$now" })
            find.Parameters.Add(new SqliteParameter { ParameterName = name });
        // A row still there for the scope has expired (a live one would have been found under the same lock): replace it.
        upsert = connection.CreateCommand();
        upsert.CommandText = """
            INSERT INTO idempotency_keys (org_id, principal, idem_key, fingerprint, status, response, created_at, expires_at)
            VALUES ($org, $principal, $key, $fingerprint, $status, $response, $created, $expires)
            ON CONFLICT (org_id, principal, idem_key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
                response = excluded.response, created_at = excluded.created_at, expires_at = excluded.expires_at
            """;
        foreach (var name in new[] { "$org", "$principal", "$key", "$fingerprint", "$status", "$response", "$created", "$expires" })
            upsert.Parameters.Add(new SqliteParameter { ParameterName = name });
    }

    /// <summary>Resolves the batch's claims against the stored keys and writes the records of those that won.</summary>
    public void Claim(SqliteTransaction transaction, IReadOnlyList<IdempotencyClaim> claims, DateTimeOffset now)
    {
        var live = new Dictionary<IdempotencyScope, IdempotencyRecord>();
        find.Transaction = transaction;
        foreach (var claim in claims)
        {
            Bind(find, claim.Scope, now.ToUnixTimeMilliseconds());
            using var reader = find.ExecuteReader();
            if (reader.Read())
                live[claim.Scope] = IdempotencyRows.Read(reader, 0);
        }
        upsert.Transaction = transaction;
        foreach (var claim in IdempotencyClaims.Resolve(claims, live))
        {
            var record = claim.Record;
            Bind(upsert, claim.Scope, record.Fingerprint, record.Status, record.Response,
                record.CreatedAt.ToUnixTimeMilliseconds(), record.ExpiresAt.ToUnixTimeMilliseconds());
            upsert.ExecuteNonQuery();
        }
    }

    private static void Bind(SqliteCommand command, IdempotencyScope scope, params object[] rest)
    {
        command.Parameters[0].Value = scope.OrgId;
        command.Parameters[1].Value = scope.Principal;
        command.Parameters[2].Value = scope.Key;
        for (var i = 0; i < rest.Length; i++)
            command.Parameters[3 + i].Value = rest[i];
    }

    public void Dispose()
    {
        find.Dispose();
        upsert.Dispose();
    }
}
