using System.Text;
using Mudbase.Server.Storage.Postings;
using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// The PostgreSQL side of <see cref="PostingQueries"/>: posting lists of <c>event_postings</c> read run by run and
/// rows checked by primary key, on the caller's connection and transaction.
/// </summary>
internal sealed class PostgresEventQueries(NpgsqlConnection connection, NpgsqlTransaction? transaction = null) : IEventPageReader
{
    public async Task<IReadOnlyList<StoredEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        var sequences = await PostingQueries.PageAsync(this, query, cancellationToken);
        if (sequences.Count == 0)
            return [];
        return await ListAsync(connection, transaction, $"""
            SELECT {StoredRows.EventColumns} FROM events e LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
            WHERE e.org_id = $1 AND e.seq = ANY($2) ORDER BY e.seq {(query.Descending ? "DESC" : "ASC")}
            """, StoredRows.ReadEvent, cancellationToken, query.OrgId, sequences.ToArray());
    }

    // The rows hold no time marks here: a recordedAt window is applied to the rows only.
    public async Task<PageBounds> BoundsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        var watermark = await ListAsync(connection, transaction, $"SELECT {EventTerms.Watermark("$1")}",
            reader => reader.GetInt64(0), cancellationToken, query.OrgId);
        return new PageBounds(1, long.MaxValue, watermark[0]);
    }

    public async Task<IReadOnlyList<PostingPart>> PartsAsync(
        string orgId, int field, string value, long lower, long upper, bool descending, int max, CancellationToken cancellationToken)
    {
        var order = descending ? "DESC" : "ASC";
        return await ListAsync(connection, transaction, $"""
            SELECT p.first_seq, p.last_seq, p.gaps FROM event_index_runs r
            JOIN event_postings p ON p.org_id = r.org_id AND p.run = r.first_seq AND p.field = $2 AND p.value = $3
            WHERE r.org_id = $1 AND r.last_seq >= $4 AND r.first_seq < $5 AND p.last_seq >= $4 AND p.first_seq < $5
            ORDER BY r.first_seq {order}, p.first_seq {order} LIMIT $6
            """, reader => new PostingPart(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2)), cancellationToken,
            orgId, (short)field, PostgresText.Safe(value), lower, upper, max);
    }

    public async Task<List<long>> MatchingAsync(
        EventQuery query, long lower, long upper, IReadOnlyList<long>? among, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        var sql = new StringBuilder("SELECT e.seq FROM events e");
        if (query.DetailFilters > 0)
            sql.Append(" JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq");
        sql.Append($" WHERE e.org_id = {Add(command, query.OrgId)} AND e.seq >= {Add(command, lower)} AND e.seq < {Add(command, upper)}");
        if (among is not null)
            sql.Append($" AND e.seq = ANY({Add(command, among.ToArray())})");
        if (query.EventTypes.Count > 0)
            sql.Append($" AND e.event_type = ANY({Add(command, PostgresArrays.Text(query.EventTypes))})");
        if (query.Severities.Count > 0)
            sql.Append($" AND e.severity = ANY({Add(command, PostgresArrays.Text(query.Severities))})");
        foreach (var (column, value) in new[]
        {
            ("e.actor", query.Actor), ("d.user_id", query.UserId), ("d.ip_address", query.IpAddress), ("d.resource", query.Resource),
        })
        {
            if (value is not null)
                sql.Append($" AND {column} = {Add(command, PostgresText.Safe(value)!)}");
        }
        if (query.From is { } from)
            sql.Append($" AND e.recorded_at >= {Add(command, from.ToUnixTimeMilliseconds())}");
        if (query.To is { } to)
            sql.Append($" AND e.recorded_at < {Add(command, to.ToUnixTimeMilliseconds())}");
        command.CommandText = sql.Append($" ORDER BY e.seq {(query.Descending ? "DESC" : "ASC")} LIMIT {Add(command, limit)}").ToString();
        var sequences = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            sequences.Add(reader.GetInt64(0));
        return sequences;
    }

    private static string Add(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return "$" + command.Parameters.Count;
    }
}
