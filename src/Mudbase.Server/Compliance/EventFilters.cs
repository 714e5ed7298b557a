using System.Text;
using Mudbase.Contracts;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance;

/// <summary>The filters shared by the event list and the exports, parsed from the query string.</summary>
internal static class EventFilters
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static EventQuery? Parse(QueryParameters query, string orgId, int defaultLimit = DefaultLimit)
    {
        var eventTypes = query.Strings("eventType");
        foreach (var type in eventTypes.Where(t => !SecurityEventParser.IsValidType(t)))
            query.Add("eventType", $"'{Truncate(type)}' is not a valid event type");

        var severities = query.Strings("severity");
        foreach (var severity in severities.Where(s => !Severities.All.Contains(s)))
            query.Add("severity", "must be one of low, medium, high, critical");
        var minSeverity = query.String("minSeverity", 16);
        if (minSeverity is not null && !Severities.All.Contains(minSeverity))
            query.Add("minSeverity", "must be one of low, medium, high, critical");
        if (minSeverity is not null && severities.Count > 0)
            query.Add("minSeverity", "cannot be combined with severity");

        var from = query.Timestamp("from");
        var to = query.Timestamp("to");
        if (from > to)
            query.Add("from", "must not be after to");
        var order = query.String("order", 8) ?? "desc";
        if (order is not ("asc" or "desc"))
            query.Add("order", "must be asc or desc");
        var limit = query.Long("limit", 1, MaxLimit) ?? defaultLimit;
        var descending = order != "asc";
        var after = Cursor.TryRead(query.String("cursor", 512), orgId, descending, out var cursorError);
        if (cursorError is not null)
            query.Add("cursor", cursorError);

        if (query.Errors.Count > 0)
            return null;
        var levels = minSeverity is null ? severities : Severities.All.SkipWhile(s => s != minSeverity).ToList();
        return new EventQuery(orgId, eventTypes.Distinct().ToList(), levels.Distinct().ToList(), query.String("userId"),
            query.String("ipAddress"), query.String("resource"), query.String("actor"), from, to, descending, after, (int)limit);
    }

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "…" : value;
}

/// <summary>
/// Opaque page cursor: the last sequence returned, bound to the organisation and the direction so a cursor
/// cannot be replayed into another organisation's listing or the opposite order.
/// </summary>
internal static class Cursor
{
    public static string Write(string orgId, long sequence, bool descending) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"v1|{orgId}|{sequence}|{(descending ? 'd' : 'a')}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static long? TryRead(string? cursor, string orgId, bool descending, out string? error)
    {
        error = null;
        if (cursor is null)
            return null;
        string[] parts;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='))).Split('|');
        }
        catch (FormatException)
        {
            parts = [];
        }
        if (parts.Length != 4 || parts[0] != "v1" || !long.TryParse(parts[2], out var sequence))
            error = "is not a valid cursor";
        else if (parts[1] != orgId)
            error = "belongs to another organisation";
        else if (parts[3] != (descending ? "d" : "a"))
            error = "was issued for the other order";
        else
            return sequence;
        return null;
    }
}
