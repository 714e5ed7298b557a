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
            // An entry of event_terms already matches the driving detail (erasure deletes the entries of the values it
            // erases): the runs part joins a row only when another filter needs it. The tail walks event_details.
            var runJoins = new StringBuilder();
            if (query.FiltersEventRows)
                runJoins.Append(" JOIN events e ON e.org_id = t.org_id AND e.seq = t.seq");
            if (query.DetailFilters > 1)
                runJoins.Append(" JOIN event_details d ON d.org_id = t.org_id AND d.seq = t.seq");
            sql.Append($"""
                 FROM (
                    (SELECT t.seq FROM event_index_runs r
                        JOIN event_terms t ON t.org_id = r.org_id AND t.run = r.first_seq AND t.field = {driver.Field} AND t.value = {value}{runJoins}
                        WHERE r.org_id = {org}{filters("t.seq", "d." + driver.Column)} ORDER BY r.first_seq {order}, t.seq {order} LIMIT {limit})
                    UNION ALL
                    (SELECT d.seq FROM event_details d JOIN events e ON e.org_id = d.org_id AND e.seq = d.seq
                        WHERE d.org_id = {org} AND d.seq > {EventTerms.Watermark(org)}{filters("d.seq", null)} ORDER BY d.seq {order} LIMIT {limit})
                ) c
                JOIN events e ON e.org_id = {org} AND e.seq = c.seq
                LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
                """);
        }
        else
        {
            sql.Append(" FROM events e LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq WHERE e.org_id = ")
                .Append(org).Append(filters("e.seq", null));
        }
        sql.Append($" ORDER BY e.seq {order} LIMIT {limit}");
        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>
    /// The conditions every part of the query shares, given the sequence column a part is bounded by and the detail
    /// column whose filter the part already applies (null: none).
    /// </summary>
    private static Func<string, string?, string> Filters(NpgsqlCommand command, EventQuery query)
    {
        var sql = new StringBuilder();
        if (query.EventTypes.Count > 0)
            sql.Append(" AND e.event_type = ANY(").Append(Add(command, PostgresArrays.Text(query.EventTypes))).Append(')');
        if (query.Severities.Count > 0)
            sql.Append(" AND e.severity = ANY(").Append(Add(command, PostgresArrays.Text(query.Severities))).Append(')');
        AddEquals(command, sql, "e.actor", query.Actor);
        if (query.From is { } from)
            sql.Append(" AND e.recorded_at >= ").Append(Add(command, from.ToUnixTimeMilliseconds()));
        if (query.To is { } to)
            sql.Append(" AND e.recorded_at < ").Append(Add(command, to.ToUnixTimeMilliseconds()));
        var after = query.AfterSequence is { } sequence ? Add(command, sequence) : null;
        var common = sql.ToString();
        var details = new (string Column, string? Value)[] { ("d.user_id", query.UserId), ("d.ip_address", query.IpAddress), ("d.resource", query.Resource) }
            .Where(d => d.Value is not null)
            .Select(d => (d.Column, Parameter: Add(command, PostgresText.Safe(d.Value)!)))
            .ToList();
        return (seq, matched) =>
        {
            var text = new StringBuilder(common);
            foreach (var (column, parameter) in details.Where(d => d.Column != matched))
                text.Append($" AND {column} = {parameter}");
            if (after is not null)
                text.Append($" AND {seq} {(query.Descending ? "<" : ">")} {after}");
            return text.ToString();
        };
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
