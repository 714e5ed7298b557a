using Mudbase.Server.Storage.Details;
using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresArrays;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// The row conversion of schema version 14, inside the migration's transaction: every commitments and openings value
/// still holding the JSON text of the layout before it is rewritten in <see cref="DetailCodec"/>'s bytes
/// (<see cref="LegacyDetailJson"/>), in key order, a page of rows at a time.
/// </summary>
internal static class PostgresDetailConversion
{
    public const int Version = 14;
    private const int Page = 5000;

    public static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await ConvertAsync(connection, transaction, "events", "commitments", LegacyDetailJson.Commitments, cancellationToken);
        await ConvertAsync(connection, transaction, "event_details", "secrets", LegacyDetailJson.Openings, cancellationToken);
    }

    private static async Task ConvertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string column,
        Func<byte[], byte[]> convert, CancellationToken cancellationToken)
    {
        var (org, seq) = ("", 0L);
        while (true)
        {
            var orgs = new List<string>();
            var seqs = new List<long>();
            var values = new List<byte[]>();
            await using (var select = new NpgsqlCommand(
                $"SELECT org_id, seq, {column} FROM {table} WHERE (org_id, seq) > ($1, $2) ORDER BY org_id, seq LIMIT {Page}", connection, transaction))
            {
                select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = org });
                select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                var read = 0;
                while (await reader.ReadAsync(cancellationToken))
                {
                    read++;
                    (org, seq) = (reader.GetString(0), reader.GetInt64(1));
                    var stored = (byte[])reader.GetValue(2);
                    if (!LegacyDetailJson.IsLegacy(stored))
                        continue;
                    orgs.Add(org);
                    seqs.Add(seq);
                    values.Add(convert(stored));
                }
                if (read == 0)
                    return;
            }
            if (values.Count == 0)
                continue;
            await using var update = new NpgsqlCommand($"""
                UPDATE {table} t SET {column} = u.value FROM unnest($1::text[], $2::bigint[], $3::bytea[]) AS u(org_id, seq, value)
                WHERE t.org_id = u.org_id AND t.seq = u.seq
                """, connection, transaction)
            {
                Parameters = { Text(orgs), Bigint(seqs), Bytea(values) },
            };
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
