using System.Text;
using Npgsql;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Builds the SQL of an <see cref="EventQuery"/>; each filter is served by an index of the schema. A detail filter
/// reads the indexed runs of <c>event_terms</c> and the unindexed tail past the watermark (see <see cref="EventTerms"/>).
/// </summary>
internal static class PostgresEventQueries
{
    public static NpgsqlCommand Create(NpgsqlConnection connection, EventQuery query)
    {
        var command = new NpgsqlCommand { Connection = connection };
        var org = Add(command, query.OrgId);
        var order = query.Descending ? "DESC" : "ASC";
        var limit = Add(command, query.Limit);
        var filters = Filters(command, query);
        var sql = new StringBuilder("SELECT ").Append(StoredRows.EventColumns);
        if (EventTerms.Driver(query) is { } driver)
        {
            var value = Add(command, PostgresText.Safe(driver.Value)!);
            sql.Append($"""
                 FROM (
                    (SELECT t.seq FROM event_index_runs r
                        JOIN event_terms t ON t.org_id = r.org_id AND t.run = r.first_seq AND t.field = {driver.Field} AND t.value = {value}
                        JOIN events e ON e.org_id = t.org_id AND e.seq = t.seq
                        JOIN event_details d ON d.org_id = t.org_id AND d.seq = t.seq
                        WHERE r.org_id = {org}{filters("t.seq")} ORDER BY r.first_seq {order}, t.seq {order} LIMIT {limit})
                    UNION ALL
                    (SELECT e.seq FROM events e JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
                        WHERE e.org_id = {org} AND e.seq > {EventTerms.Watermark(org)}{filters("e.seq")} ORDER BY e.seq {order} LIMIT {limit})
                ) c
                JOIN events e ON e.org_id = {org} AND e.seq = c.seq
                LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
                """);
        }
        else
        {
            sql.Append(" FROM events e LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq WHERE e.org_id = ")
                .Append(org).Append(filters("e.seq"));
        }
        sql.Append($" ORDER BY e.seq {order} LIMIT {limit}");
        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>The conditions every part of the query shares, given the sequence column a part is bounded by.</summary>
    private static Func<string, string> Filters(NpgsqlCommand command, EventQuery query)
    {
        var sql = new StringBuilder();
        if (query.EventTypes.Count > 0)
            sql.Append(" AND e.event_type = ANY(").Append(Add(command, PostgresArrays.Text(query.EventTypes))).Append(')');
        if (query.Severities.Count > 0)
            sql.Append(" AND e.severity = ANY(").Append(Add(command, PostgresArrays.Text(query.Severities))).Append(')');
        AddEquals(command, sql, "d.user_id", query.UserId);
        AddEquals(command, sql, "d.ip_address", query.IpAddress);
        AddEquals(command, sql, "d.resource", query.Resource);
        AddEquals(command, sql, "e.actor", query.Actor);
        if (query.From is { } from)
            sql.Append(" AND e.recorded_at >= ").Append(Add(command, from.ToUnixTimeMilliseconds()));
        if (query.To is { } to)
            sql.Append(" AND e.recorded_at < ").Append(Add(command, to.ToUnixTimeMilliseconds()));
        var after = query.AfterSequence is { } sequence ? Add(command, sequence) : null;
        var common = sql.ToString();
        return seq => after is null ? common : $"{common} AND {seq} {(query.Descending ? "<" : ">")} {after}";
    }

    private static void AddEquals(NpgsqlCommand command, StringBuilder sql, string column, string? value)
    {
        if (value is not null)
            sql.Append($" AND {column} = ").Append(Add(command, PostgresText.Safe(value)!));
    }

    private static string Add(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return "$" + command.Parameters.Count;
    }
}
