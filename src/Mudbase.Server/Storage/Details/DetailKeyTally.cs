using System.Data.Common;

namespace Mudbase.Server.Storage.Details;

/// <summary>
/// Counts, per detail key, the events whose leaves commit to it and when it was first and last seen, from the stored
/// details (the Article 30 record's personal data categories); every provider folds its rows the same way.
/// </summary>
internal sealed class DetailKeyTally
{
    private readonly Dictionary<string, (long Events, long First, long Last)> keys = new(StringComparer.Ordinal);

    /// <summary>
    /// The rows to fold, for the organisation parameter <paramref name="org"/>. The details row is read only for events
    /// whose commitments live there (<see cref="DerivedDetails.Marker"/>, one byte long).
    /// </summary>
    public static string Sql(string org) =>
        "SELECT e.recorded_at, e.commitments, CASE WHEN length(e.commitments) = 1 THEN d.secrets END " +
        $"FROM events e LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq WHERE e.org_id = {org}";

    /// <summary>Adds one row of <see cref="Sql"/>.</summary>
    public void Add(DbDataReader row)
    {
        var recordedAtMs = row.GetInt64(0);
        var details = EventDetails.Read((byte[])row.GetValue(1), row.IsDBNull(2) ? null : (byte[])row.GetValue(2));
        foreach (var key in details.Committed.Select(d => d.Key))
        {
            keys[key] = keys.TryGetValue(key, out var seen)
                ? (seen.Events + 1, Math.Min(seen.First, recordedAtMs), Math.Max(seen.Last, recordedAtMs))
                : (1, recordedAtMs, recordedAtMs);
        }
    }

    public IReadOnlyList<DetailKeyUsage> Usage() =>
        keys.OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => new DetailKeyUsage(k.Key, k.Value.Events,
                DateTimeOffset.FromUnixTimeMilliseconds(k.Value.First), DateTimeOffset.FromUnixTimeMilliseconds(k.Value.Last)))
            .ToList();
}
