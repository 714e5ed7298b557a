using System.Text;
using Mudbase.Contracts;
using Npgsql;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Builds the SQL of an <see cref="EventQuery"/>. A query with a value that <c>event_terms</c> holds (a detail value,
/// an event type × severity pair, a severity, the actor) reads the indexed runs for that value — one part per pair or
/// severity — and the unindexed tail past the watermark from the rows (see <see cref="EventTerms"/>); the others read
/// the rows in sequence order.
/// </summary>
internal static class PostgresEventQueries
{
    // Past this many type × severity pairs one scan of the rows reads fewer rows than the parts would.
    private const int MaxArms = 32;

    public static NpgsqlCommand Create(NpgsqlConnection connection, EventQuery query)
    {
        var command = new NpgsqlCommand { Connection = connection };
        var org = Add(command, query.OrgId);
        var order = query.Descending ? "DESC" : "ASC";
        var limit = Add(command, query.Limit);
        var filters = Filters(command, query);
        var sql = new StringBuilder("SELECT ").Append(StoredRows.EventColumns);
        var parts = Parts(command, query, filters, org, order, limit).ToList();
        if (parts.Count > 0)
        {
            sql.Append($"""
                 FROM ({string.Join(" UNION ALL ", parts)}) c
                JOIN events e ON e.org_id = {org} AND e.seq = c.seq
                LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
                """);
        }
        else
        {
            sql.Append(" FROM events e LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq WHERE e.org_id = ")
                .Append(org).Append(filters.For("e.seq"));
        }
        sql.Append($" ORDER BY e.seq {order} LIMIT {limit}");
        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>
    /// The parts of a query with a value <c>event_terms</c> holds: the indexed runs of each value and the tail; none
    /// for a query without one. An entry already matches its value (erasure deletes the entries of the detail values it
    /// erases), so a runs part joins a row only when another filter needs it.
    /// </summary>
    private static IEnumerable<string> Parts(NpgsqlCommand command, EventQuery query, Conditions filters, string org, string order, string limit)
    {
        const string EventsJoin = " JOIN events e ON e.org_id = t.org_id AND e.seq = t.seq";
        string Runs(int field, string value, string joins, string conditions) => $"""
            (SELECT t.seq FROM event_index_runs r
                JOIN event_terms t ON t.org_id = r.org_id AND t.run = r.first_seq AND t.field = {field} AND t.value = {Add(command, PostgresText.Safe(value)!)}{joins}
                WHERE r.org_id = {org}{conditions} ORDER BY r.first_seq {order}, t.seq {order} LIMIT {limit})
            """;
        var rowTail = $"""
            (SELECT e.seq FROM events e
                WHERE e.org_id = {org} AND e.seq > {EventTerms.Watermark(org)}{filters.For("e.seq")} ORDER BY e.seq {order} LIMIT {limit})
            """;
        var window = query.From is not null || query.To is not null;
        var types = query.EventTypes;
        // Types alone are read one part per type × severity pair: there is no type index.
        var severities = types.Count > 0 && query.Severities.Count == 0 ? Severities.All : query.Severities;
        if (EventTerms.Driver(query) is { } driver)
        {
            var joins = (query.FiltersEventRows ? EventsJoin : "")
                + (query.DetailFilters > 1 ? " JOIN event_details d ON d.org_id = t.org_id AND d.seq = t.seq" : "");
            yield return Runs(driver.Field, driver.Value, joins, filters.For("t.seq", "d." + driver.Column));
            yield return $"""
                (SELECT d.seq FROM event_details d JOIN events e ON e.org_id = d.org_id AND e.seq = d.seq
                    WHERE d.org_id = {org} AND d.seq > {EventTerms.Watermark(org)}{filters.For("d.seq")} ORDER BY d.seq {order} LIMIT {limit})
                """;
        }
        else if (severities.Count > 0 && Math.Max(1, types.Count) * severities.Count <= MaxArms)
        {
            var joins = query.Actor is not null || window ? EventsJoin : "";
            var conditions = filters.For("t.seq", typesAndSeverities: false);
            foreach (var severity in severities)
            {
                if (types.Count == 0)
                    yield return Runs(EventTerms.Severity, severity, joins, conditions);
                foreach (var type in types)
                    yield return Runs(EventTerms.TypeAndSeverity, EventTerms.TypeSeverity(type, severity), joins, conditions);
            }
            yield return rowTail;
        }
        else if (query.Actor is { } actor)
        {
            var joins = types.Count > 0 || query.Severities.Count > 0 || window ? EventsJoin : "";
            yield return Runs(EventTerms.Actor, actor, joins, filters.For("t.seq", "e.actor"));
            yield return rowTail;
        }
    }

    /// <summary>The conditions of every part of the query, given the sequence column a part is bounded by.</summary>
    private static Conditions Filters(NpgsqlCommand command, EventQuery query)
    {
        var typesAndSeverities = new StringBuilder();
        if (query.EventTypes.Count > 0)
            typesAndSeverities.Append(" AND e.event_type = ANY(").Append(Add(command, PostgresArrays.Text(query.EventTypes))).Append(')');
        if (query.Severities.Count > 0)
            typesAndSeverities.Append(" AND e.severity = ANY(").Append(Add(command, PostgresArrays.Text(query.Severities))).Append(')');
        var window = new StringBuilder();
        if (query.From is { } from)
            window.Append(" AND e.recorded_at >= ").Append(Add(command, from.ToUnixTimeMilliseconds()));
        if (query.To is { } to)
            window.Append(" AND e.recorded_at < ").Append(Add(command, to.ToUnixTimeMilliseconds()));
        var values = new (string Column, string? Value)[]
        {
            ("e.actor", query.Actor), ("d.user_id", query.UserId), ("d.ip_address", query.IpAddress), ("d.resource", query.Resource),
        };
        var equals = values.Where(v => v.Value is not null).Select(v => (v.Column, Add(command, PostgresText.Safe(v.Value)!))).ToList();
        var after = query.AfterSequence is { } sequence ? Add(command, sequence) : null;
        return new Conditions(typesAndSeverities.ToString(), window.ToString(), equals, after, query.Descending);
    }

    /// <param name="TypesAndSeverities">The type and severity conditions.</param>
    /// <param name="Window">The recordedAt conditions.</param>
    /// <param name="Values">The actor and detail columns filtered on, with their parameters.</param>
    /// <param name="After">The cursor's parameter, if any.</param>
    private sealed record Conditions(
        string TypesAndSeverities, string Window, IReadOnlyList<(string Column, string Parameter)> Values, string? After, bool Descending)
    {
        /// <summary>
        /// The conditions of a part bounded by <paramref name="seq"/>, without the filter on <paramref name="matched"/>
        /// (the column whose value the part's entries already match) and, unless <paramref name="typesAndSeverities"/>,
        /// without the type and severity conditions.
        /// </summary>
        public string For(string seq, string? matched = null, bool typesAndSeverities = true)
        {
            var text = new StringBuilder(typesAndSeverities ? TypesAndSeverities : "").Append(Window);
            foreach (var (column, parameter) in Values.Where(v => v.Column != matched))
                text.Append($" AND {column} = {parameter}");
            if (After is not null)
                text.Append($" AND {seq} {(Descending ? "<" : ">")} {After}");
            return text.ToString();
        }
    }

    private static string Add(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return "$" + command.Parameters.Count;
    }
}
