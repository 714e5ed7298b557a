using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Mudbase.Server.Storage.Postings;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// The SQLite side of <see cref="PostingQueries"/>: posting lists of <c>event_postings</c> read run by run, rows
/// checked by primary key, and a recordedAt window turned into an exact sequence range through event_time_marks.
/// </summary>
internal sealed class SqliteEventQueries(SqliteConnection connection) : IEventPageReader
{
    public async Task<IReadOnlyList<StoredEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        var sequences = await PostingQueries.PageAsync(this, query, cancellationToken);
        if (sequences.Count == 0)
            return [];
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {StoredRows.EventColumns} FROM events e LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
            WHERE e.org_id = $org AND e.seq IN ({List(sequences)}) ORDER BY e.seq {(query.Descending ? "DESC" : "ASC")}
            """;
        command.Parameters.AddWithValue("$org", query.OrgId);
        var result = new List<StoredEvent>(sequences.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(StoredRows.ReadEvent(reader));
        return result;
    }

    public async Task<PageBounds> BoundsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$org", query.OrgId);
        // No event at or after $from precedes the first mark whose running maximum reached $from (none reached it: no
        // event is that recent). An event before $to lags the running maximum by at most the largest lag, so it
        // precedes the first mark whose running maximum reached $to plus that lag.
        var lower = "1";
        if (query.From is { } from)
        {
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            lower = """
                (SELECT first_seq FROM event_time_marks WHERE org_id = $org AND max_recorded_at >= $from
                    ORDER BY max_recorded_at, first_seq LIMIT 1)
                """;
        }
        var upper = "9223372036854775807";
        if (query.To is { } to)
        {
            command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            upper = $"""
                COALESCE((SELECT first_seq FROM event_time_marks WHERE org_id = $org
                    AND max_recorded_at >= $to + (SELECT max_lag FROM event_time_marks WHERE org_id = $org ORDER BY first_seq DESC LIMIT 1)
                    ORDER BY max_recorded_at, first_seq LIMIT 1), {upper})
                """;
        }
        command.CommandText = $"SELECT {lower}, {upper}, {EventTerms.Watermark("$org")}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var watermark = reader.GetInt64(2);
        return reader.IsDBNull(0) ? new PageBounds(0, 0, watermark) : new PageBounds(reader.GetInt64(0), reader.GetInt64(1), watermark);
    }

    // The unary + keeps the bounds on the runs: SQLite would carry a bound on r.first_seq over to p.run through the
    // join's equality and seek the lists of every run below it.
    public async Task<IReadOnlyList<PostingPart>> PartsAsync(
        string orgId, int field, string value, long lower, long upper, bool descending, int max, CancellationToken cancellationToken)
    {
        var order = descending ? "DESC" : "ASC";
        return await SqliteCommands.ListAsync(connection, $"""
            SELECT p.first_seq, p.last_seq, p.gaps FROM event_index_runs r
            CROSS JOIN event_postings p ON p.org_id = r.org_id AND p.run = r.first_seq AND p.field = $field AND p.value = $value
            WHERE r.org_id = $org AND +r.last_seq >= $lower AND +r.first_seq < $upper AND p.last_seq >= $lower AND p.first_seq < $upper
            ORDER BY r.first_seq {order}, p.first_seq {order} LIMIT $max
            """, reader => new PostingPart(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2)), cancellationToken,
            ("$org", orgId), ("$field", field), ("$value", value), ("$lower", lower), ("$upper", upper), ("$max", max));
    }

    // NOT INDEXED: the sequence range is one of the primary key; left to itself SQLite may sort the window's part of
    // the time index instead, which grows with the window.
    public async Task<List<long>> MatchingAsync(
        EventQuery query, long lower, long upper, IReadOnlyList<long>? among, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var parameters = command.Parameters;
        parameters.AddWithValue("$org", query.OrgId);
        parameters.AddWithValue("$lower", lower);
        parameters.AddWithValue("$upper", upper);
        parameters.AddWithValue("$limit", limit);
        var sql = new StringBuilder("SELECT e.seq FROM events e NOT INDEXED");
        if (query.DetailFilters > 0)
            sql.Append(" CROSS JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq");
        sql.Append(" WHERE e.org_id = $org AND e.seq >= $lower AND e.seq < $upper");
        if (among is not null)
            sql.Append(" AND e.seq IN (").Append(List(among)).Append(')');
        In(parameters, sql, "e.event_type", "$type", query.EventTypes);
        In(parameters, sql, "e.severity", "$severity", query.Severities);
        Equals(parameters, sql, "e.actor", "$actor", query.Actor);
        Equals(parameters, sql, "d.user_id", "$user", query.UserId);
        Equals(parameters, sql, "d.ip_address", "$ip", query.IpAddress);
        Equals(parameters, sql, "d.resource", "$resource", query.Resource);
        if (query.From is { } from)
        {
            sql.Append(" AND e.recorded_at >= $from");
            parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }
        if (query.To is { } to)
        {
            sql.Append(" AND e.recorded_at < $to");
            parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        }
        command.CommandText = sql.Append($" ORDER BY e.seq {(query.Descending ? "DESC" : "ASC")} LIMIT $limit").ToString();
        var sequences = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            sequences.Add(reader.GetInt64(0));
        return sequences;
    }

    /// <summary>Sequence numbers as an SQL list of integer literals.</summary>
    public static string List(IEnumerable<long> sequences) =>
        string.Join(", ", sequences.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    private static void Equals(SqliteParameterCollection parameters, StringBuilder sql, string column, string name, string? value)
    {
        if (value is null)
            return;
        sql.Append($" AND {column} = {name}");
        parameters.AddWithValue(name, value);
    }

    private static void In(SqliteParameterCollection parameters, StringBuilder sql, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
            return;
        sql.Append($" AND {column} IN (");
        for (var i = 0; i < values.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(prefix).Append(i);
            parameters.AddWithValue(prefix + i, values[i]);
        }
        sql.Append(')');
    }
}
