using Mudbase.Server.Storage.Postings;
using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>One organisation's <c>event_postings</c> rows on PostgreSQL, in the caller's transaction.</summary>
internal sealed class PostgresPostingRows(NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId) : IPostingRows
{
    public async Task<IReadOnlyList<DetailValues>> DetailValuesAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken) =>
        await ListAsync(connection, transaction,
            "SELECT seq, user_id, ip_address, resource FROM event_details WHERE org_id = $1 AND seq = ANY($2)",
            reader => new DetailValues(reader.GetInt64(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), "", "", ""),
            cancellationToken, orgId, sequences.ToArray());

    public async Task<(long Run, PostingPart Part)?> PartHoldingAsync(int field, string value, long sequence, CancellationToken cancellationToken)
    {
        var parts = await ListAsync(connection, transaction, """
            SELECT run, first_seq, last_seq, gaps FROM event_postings
            WHERE org_id = $1 AND field = $2 AND value = $3 AND first_seq <= $4
              AND run = (SELECT first_seq FROM event_index_runs WHERE org_id = $1 AND first_seq <= $4 ORDER BY first_seq DESC LIMIT 1)
            ORDER BY first_seq DESC LIMIT 1
            """, reader => (reader.GetInt64(0), new PostingPart(reader.GetInt64(1), reader.GetInt64(2), (byte[])reader.GetValue(3))),
            cancellationToken, orgId, (short)field, value, sequence);
        return parts.Count == 0 ? null : parts[0];
    }

    public async Task ReplaceAsync(int field, string value, long run, long first, PostingPart? part, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction,
            "DELETE FROM event_postings WHERE org_id = $1 AND run = $2 AND field = $3 AND value = $4 AND first_seq = $5",
            cancellationToken, orgId, run, (short)field, value, first);
        if (part is not null)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO event_postings (org_id, run, field, value, first_seq, last_seq, gaps) VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, cancellationToken, orgId, run, (short)field, value, part.First, part.Last, part.Gaps);
        }
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
