using Microsoft.Data.Sqlite;
using Mudbase.Server.Storage.Postings;
using static Mudbase.Server.Storage.Sqlite.SqliteCommands;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>One organisation's <c>event_postings</c> rows on SQLite, in the connection's write transaction.</summary>
internal sealed class SqlitePostingRows(SqliteConnection connection, string orgId) : IPostingRows
{
    public async Task<IReadOnlyList<DetailValues>> DetailValuesAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken) =>
        sequences.Count == 0 ? [] : await ListAsync(connection, $"""
            SELECT seq, user_id, ip_address, resource FROM event_details WHERE org_id = $org AND seq IN ({SqliteEventQueries.List(sequences)})
            """, reader => new DetailValues(reader.GetInt64(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), "", "", ""),
            cancellationToken, ("$org", orgId));

    public async Task<(long Run, PostingPart Part)?> PartHoldingAsync(int field, string value, long sequence, CancellationToken cancellationToken)
    {
        var parts = await ListAsync(connection, """
            SELECT run, first_seq, last_seq, gaps FROM event_postings
            WHERE org_id = $org AND field = $field AND value = $value AND first_seq <= $seq
              AND run = (SELECT first_seq FROM event_index_runs WHERE org_id = $org AND first_seq <= $seq ORDER BY first_seq DESC LIMIT 1)
            ORDER BY first_seq DESC LIMIT 1
            """, reader => (reader.GetInt64(0), new PostingPart(reader.GetInt64(1), reader.GetInt64(2), (byte[])reader.GetValue(3))),
            cancellationToken, ("$org", orgId), ("$field", field), ("$value", value), ("$seq", sequence));
        return parts.Count == 0 ? null : parts[0];
    }

    public async Task ReplaceAsync(int field, string value, long run, long first, PostingPart? part, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection,
            "DELETE FROM event_postings WHERE org_id = $org AND run = $run AND field = $field AND value = $value AND first_seq = $first",
            cancellationToken, ("$org", orgId), ("$run", run), ("$field", field), ("$value", value), ("$first", first));
        if (part is not null)
        {
            await ExecuteAsync(connection, """
                INSERT INTO event_postings (org_id, run, field, value, first_seq, last_seq, gaps)
                VALUES ($org, $run, $field, $value, $first, $last, $gaps)
                """, cancellationToken, ("$org", orgId), ("$run", run), ("$field", field), ("$value", value),
                ("$first", part.First), ("$last", part.Last), ("$gaps", part.Gaps));
        }
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
