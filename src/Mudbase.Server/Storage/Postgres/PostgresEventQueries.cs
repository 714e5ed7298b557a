using System.Text;
using Npgsql;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>Builds the SQL of an <see cref="EventQuery"/>; each filter is served by an index of the schema.</summary>
internal static class PostgresEventQueries
{
    public static NpgsqlCommand Create(NpgsqlConnection connection, EventQuery query)
    {
        var command = new NpgsqlCommand { Connection = connection };
        // With a detail filter the partial indexes on event_details are the selective ones, so drive from there.
        var byDetail = query.UserId is not null || query.IpAddress is not null || query.Resource is not null;
        var sql = new StringBuilder("SELECT ").Append(StoredRows.EventColumns).Append(byDetail
            ? " FROM event_details d JOIN events e ON e.org_id = d.org_id AND e.seq = d.seq WHERE d.org_id = "
            : " FROM events e LEFT JOIN event_details d ON d.event_id = e.id WHERE e.org_id = ").Append(Add(command, query.OrgId));

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
        var seq = byDetail ? "d.seq" : "e.seq";
        if (query.AfterSequence is { } after)
            sql.Append($" AND {seq} ").Append(query.Descending ? "< " : "> ").Append(Add(command, after));
        sql.Append($" ORDER BY {seq} ").Append(query.Descending ? "DESC" : "ASC").Append(" LIMIT ").Append(Add(command, query.Limit));
        command.CommandText = sql.ToString();
        return command;
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
