using System.Text;
using Microsoft.Data.Sqlite;
using Mudbase.Contracts;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// Builds the SQL of an <see cref="EventQuery"/> so that every filter combination reads about one page of index
/// entries rather than scanning the log. The page is merged from arms that each read entries already in sequence
/// order: the indexed runs of <c>event_terms</c> (see <see cref="EventTerms"/>) for one value — a detail value, one
/// event type × severity pair (SQLite cannot merge the ranges of an IN list in order), one severity, or the actor —
/// and one arm over the unindexed tail past the watermark. A recordedAt window becomes an exact sequence range
/// through event_time_marks.
/// </summary>
internal static class SqliteEventQueries
{
    // Past this many type × severity pairs one arm with IN lists over the rows reads fewer rows than the arms would.
    private const int MaxArms = 32;

    public static void Prepare(SqliteCommand command, EventQuery query, string selectColumns)
    {
        var parameters = command.Parameters;
        parameters.AddWithValue("$org", query.OrgId);
        parameters.AddWithValue("$limit", query.Limit);
        var order = query.Descending ? "DESC" : "ASC";

        var arms = new StringBuilder();
        foreach (var source in Sources(query, parameters))
        {
            if (arms.Length > 0)
                arms.Append(" UNION ALL ");
            arms.Append("SELECT seq FROM (").Append(Arm(query, parameters, source, order)).Append(')');
        }
        // CROSS JOIN fixes the join order: without it SQLite may walk the whole log in sequence order and probe
        // the page's few sequence numbers, which turns a millisecond into a second.
        command.CommandText = $"""
            SELECT {selectColumns} FROM ({arms}) c
            CROSS JOIN events e ON e.org_id = $org AND e.seq = c.seq
            LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
            ORDER BY e.seq {order} LIMIT $limit
            """;
    }

    /// <summary>
    /// Where the arms read their rows. A query with a value that <c>event_terms</c> holds reads the indexed runs (run
    /// by run, each in sequence order, so no sort) for that value, or one arm per type × severity pair or severity,
    /// plus one arm over the unindexed tail past the watermark (see <see cref="EventTerms"/>). The runs arms join a
    /// row only when a filter needs it: an entry already matches its value (erasure deletes the entries of the detail
    /// values it erases), so a filter on one value alone reads no row at all until the page's own rows. The tail arm
    /// walks the rows, where the filters are. A query with no such value (none, or only a window) reads the rows.
    /// </summary>
    private static IEnumerable<ArmSource> Sources(EventQuery query, SqliteParameterCollection parameters)
    {
        var types = query.EventTypes;
        // Types alone are read one arm per type × severity pair: there is no type field.
        var severities = types.Count > 0 && query.Severities.Count == 0 ? Severities.All : query.Severities;
        var rowFilter = In(parameters, "e.event_type", "$type", types) + In(parameters, "e.severity", "$severity", query.Severities);
        var window = query.From is not null || query.To is not null;
        if (EventTerms.Driver(query) is { } driver)
        {
            var joins = new StringBuilder();
            if (query.FiltersEventRows)
                joins.Append(" CROSS JOIN events e ON e.org_id = t.org_id AND e.seq = t.seq");
            if (query.DetailFilters > 1)
                joins.Append(" CROSS JOIN event_details d ON d.org_id = t.org_id AND d.seq = t.seq");
            yield return Runs(parameters, 0, driver.Field, driver.Value, joins.ToString(), rowFilter, "d." + driver.Column);
            yield return new ArmSource("""
                event_details d CROSS JOIN events e ON e.org_id = d.org_id AND e.seq = d.seq WHERE d.org_id = $org
                """, "d.seq", null, true, null, rowFilter);
            yield break;
        }
        var pairs = Math.Max(1, types.Count) * severities.Count;
        if (severities.Count > 0 && pairs <= MaxArms)
        {
            var joins = query.Actor is not null || window ? " CROSS JOIN events e ON e.org_id = t.org_id AND e.seq = t.seq" : "";
            var arm = 0;
            foreach (var severity in severities)
            {
                if (types.Count == 0)
                    yield return Runs(parameters, arm++, EventTerms.Severity, severity, joins, "", null);
                foreach (var type in types)
                    yield return Runs(parameters, arm++, EventTerms.TypeAndSeverity, EventTerms.TypeSeverity(type, severity), joins, "", null);
            }
            yield return RowTail(rowFilter);
            yield break;
        }
        if (query.Actor is { } actor)
        {
            var joins = rowFilter.Length > 0 || window ? " CROSS JOIN events e ON e.org_id = t.org_id AND e.seq = t.seq" : "";
            yield return Runs(parameters, 0, EventTerms.Actor, actor, joins, rowFilter, "e.actor");
            yield return RowTail(rowFilter);
            yield break;
        }
        // A window alone is a sequence range of the primary key; left to itself SQLite may sort the window's part of
        // the time index instead, which grows with the window.
        var hint = rowFilter.Length == 0 && window ? "NOT INDEXED " : "";
        yield return new ArmSource($"events e {hint}WHERE e.org_id = $org", "e.seq", null, false, null, rowFilter);
    }

    /// <summary>The indexed runs' entries of one value, joined to the rows <paramref name="joins"/> names.</summary>
    private static ArmSource Runs(
        SqliteParameterCollection parameters, int arm, int field, string value, string joins, string condition, string? matched)
    {
        var name = "$term" + arm;
        parameters.AddWithValueOnce(name, value);
        return new ArmSource($"""
            event_index_runs r
            CROSS JOIN event_terms t ON t.org_id = r.org_id AND t.run = r.first_seq AND t.field = {field} AND t.value = {name}{joins}
            WHERE r.org_id = $org
            """, "t.seq", "r.first_seq", false, matched, condition);
    }

    /// <summary>The events past the watermark, read from their rows.</summary>
    private static ArmSource RowTail(string condition) => new("events e WHERE e.org_id = $org", "e.seq", null, true, null, condition);

    /// <param name="From">The FROM clause and the organisation condition.</param>
    /// <param name="Seq">The sequence column the arm is ordered and bounded by.</param>
    /// <param name="Run">The run column ordered first, when the arm reads indexed runs.</param>
    /// <param name="Tail">True when the arm reads only past the watermark.</param>
    /// <param name="Matched">The column whose filter the source already applies (the indexed runs' value).</param>
    /// <param name="Condition">The type and severity conditions the source does not already apply.</param>
    private sealed record ArmSource(string From, string Seq, string? Run, bool Tail, string? Matched, string Condition);

    private static string Arm(EventQuery query, SqliteParameterCollection parameters, ArmSource source, string order)
    {
        var sql = new StringBuilder("SELECT ").Append(source.Seq).Append(" AS seq FROM ").Append(source.From);
        sql.Append(source.Condition);
        var seq = source.Seq;
        foreach (var (column, name, value) in new[] { ("d.user_id", "$user", query.UserId), ("d.ip_address", "$ip", query.IpAddress), ("d.resource", "$resource", query.Resource) })
        {
            if (column != source.Matched)
                AddEquals(parameters, sql, column, name, value);
        }
        if (source.Matched != "e.actor")
            AddEquals(parameters, sql, "e.actor", "$actor", query.Actor);

        // Every bound on the sequence goes into one lower and one upper expression: given two upper bounds, SQLite
        // seeks with one and filters with the other, so a deep cursor inside a wide window walked the window's rows.
        var lower = new List<string>();
        var upper = new List<string>();
        if (source.Tail)
            lower.Add(EventTerms.Watermark("$org") + " + 1");
        if (query.From is { } from)
        {
            sql.Append(" AND e.recorded_at >= $from");
            parameters.AddWithValueOnce("$from", from.ToUnixTimeMilliseconds());
            // No event at or after $from precedes the first mark whose running maximum reached $from.
            lower.Add("""
                (SELECT first_seq FROM event_time_marks WHERE org_id = $org AND max_recorded_at >= $from
                    ORDER BY max_recorded_at, first_seq LIMIT 1)
                """);
        }
        if (query.To is { } to)
        {
            sql.Append(" AND e.recorded_at < $to");
            parameters.AddWithValueOnce("$to", to.ToUnixTimeMilliseconds());
            // An event before $to lags the running maximum by at most the largest lag, so it precedes the first
            // mark whose running maximum reached $to plus that lag.
            upper.Add("""
                COALESCE((SELECT first_seq FROM event_time_marks WHERE org_id = $org
                    AND max_recorded_at >= $to + (SELECT max_lag FROM event_time_marks WHERE org_id = $org ORDER BY first_seq DESC LIMIT 1)
                    ORDER BY max_recorded_at, first_seq LIMIT 1), 9223372036854775807)
                """);
        }
        if (query.AfterSequence is { } after)
        {
            (query.Descending ? upper : lower).Add(query.Descending ? "$after" : "$after + 1");
            parameters.AddWithValueOnce("$after", after);
        }
        // A NULL bound (no mark reached $from) selects nothing, as the separate conditions did: MAX and MIN of
        // several arguments are NULL when any argument is.
        if (lower.Count > 0)
            sql.Append($" AND {seq} >= ").Append(Combined("MAX", lower));
        if (upper.Count > 0)
            sql.Append($" AND {seq} < ").Append(Combined("MIN", upper));
        if (source.Run is { } run)
        {
            // Runs cover disjoint, increasing ranges of the log: skip those outside the bounds, read the rest in order.
            // The unary + keeps the bounds on the runs: SQLite would carry a bound on r.first_seq over to t.run
            // through the join's equality and seek the entries of every run below it (150 ms instead of 0.1 at 1M).
            if (lower.Count > 0)
                sql.Append(" AND +r.last_seq >= ").Append(Combined("MAX", lower));
            if (upper.Count > 0)
                sql.Append($" AND +{run} < ").Append(Combined("MIN", upper));
            return sql.Append($" ORDER BY {run} {order}, {seq} {order} LIMIT $limit").ToString();
        }
        return sql.Append($" ORDER BY {seq} {order} LIMIT $limit").ToString();
    }

    private static string Combined(string function, List<string> bounds) =>
        bounds.Count == 1 ? bounds[0] : $"{function}({string.Join(", ", bounds)})";

    private static void AddEquals(SqliteParameterCollection parameters, StringBuilder sql, string column, string name, string? value)
    {
        if (value is null)
            return;
        sql.Append($" AND {column} = {name}");
        parameters.AddWithValueOnce(name, value);
    }

    private static string In(SqliteParameterCollection parameters, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
            return "";
        var sql = new StringBuilder($" AND {column} IN (");
        for (var i = 0; i < values.Count; i++)
            sql.Append(i == 0 ? "" : ", ").Append(Add(parameters, prefix + i, values[i]));
        return sql.Append(')').ToString();
    }

    private static string Add(SqliteParameterCollection parameters, string name, string value)
    {
        parameters.AddWithValueOnce(name, value);
        return name;
    }

    // Arms share parameters; each is bound once.
    private static void AddWithValueOnce(this SqliteParameterCollection parameters, string name, object value)
    {
        if (!parameters.Contains(name))
            parameters.AddWithValue(name, value);
    }
}
