using System.Text;
using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>Builds the SQL of an <see cref="EventQuery"/>.</summary>
internal static class SqliteEventQueries
{
    public static void Prepare(SqliteCommand command, EventQuery query, string selectColumns)
    {
        // With a detail filter the partial indexes on event_details are the selective ones, so drive from there.
        var byDetail = query.UserId is not null || query.IpAddress is not null || query.Resource is not null;
        var sql = new StringBuilder("SELECT ").Append(selectColumns).Append(byDetail
            ? " FROM event_details d JOIN events e ON e.org_id = d.org_id AND e.seq = d.seq WHERE d.org_id = $org"
            : " FROM events e LEFT JOIN event_details d ON d.event_id = e.id WHERE e.org_id = $org");
        command.Parameters.AddWithValue("$org", query.OrgId);

        AddIn(command, sql, "e.event_type", "$type", query.EventTypes);
        AddIn(command, sql, "e.severity", "$severity", query.Severities);
        AddEquals(command, sql, "d.user_id", "$user", query.UserId);
        AddEquals(command, sql, "d.ip_address", "$ip", query.IpAddress);
        AddEquals(command, sql, "d.resource", "$resource", query.Resource);
        AddEquals(command, sql, "e.actor", "$actor", query.Actor);
        if (query.From is { } from)
        {
            sql.Append(" AND e.recorded_at >= $from");
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }
        if (query.To is { } to)
        {
            sql.Append(" AND e.recorded_at < $to");
            command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        }
        var seq = byDetail ? "d.seq" : "e.seq";
        if (query.AfterSequence is { } after)
        {
            sql.Append(query.Descending ? $" AND {seq} < $after" : $" AND {seq} > $after");
            command.Parameters.AddWithValue("$after", after);
        }
        sql.Append($" ORDER BY {seq} ").Append(query.Descending ? "DESC" : "ASC").Append(" LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();
    }

    private static void AddEquals(SqliteCommand command, StringBuilder sql, string column, string name, string? value)
    {
        if (value is null)
            return;
        sql.Append($" AND {column} = {name}");
        command.Parameters.AddWithValue(name, value);
    }

    private static void AddIn(SqliteCommand command, StringBuilder sql, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
            return;
        sql.Append($" AND {column} IN (");
        for (var i = 0; i < values.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(prefix).Append(i);
            command.Parameters.AddWithValue(prefix + i, values[i]);
        }
        sql.Append(')');
    }
}
