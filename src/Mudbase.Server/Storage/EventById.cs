using Mudbase.Server.Common;

namespace Mudbase.Server.Storage;

/// <summary>
/// How one event is found by its id without an index over ids (schema version 17 dropped <c>ux_events_id</c>): an event
/// id starts with its <c>recorded_at</c> in milliseconds (<see cref="Ids.NewEventIds"/>), so the row is among the
/// organisation's entries of that millisecond in <c>ix_events_time (org_id, recorded_at, seq)</c>, matched there on the
/// id. A string that is no possible event id has no time and names no event: callers answer without reading.
/// </summary>
internal static class EventById
{
    /// <summary>
    /// SQLite's <c>events e</c>, read through the time index. Without statistics the planner prefers the primary key on
    /// <c>org_id</c> alone (the time index does not hold the id), which scans the organisation's whole log.
    /// </summary>
    public const string SqliteEvents = "events e INDEXED BY ix_events_time";

    /// <summary>SQLite's condition on <c>events e</c>: parameters <c>$org</c>, <c>$at</c> (<see cref="Time"/>), <c>$id</c>.</summary>
    public const string SqliteCondition = "e.org_id = $org AND e.recorded_at = $at AND e.id = $id";

    /// <summary>PostgreSQL's condition on <c>events e</c>, given the positions of the organisation, time and id parameters.</summary>
    public static string PostgresCondition(int org, int at, int id) => $"e.org_id = ${org} AND e.recorded_at = ${at} AND e.id = ${id}";

    /// <summary>The millisecond the event named <paramref name="eventId"/> was recorded at; null when it names none.</summary>
    public static long? Time(string eventId) => Ids.TryReadEventTime(eventId, out var time) ? time : null;
}
