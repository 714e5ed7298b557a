namespace Mudbase.Server.Storage.Details;

/// <summary>
/// Counts, per detail key, the events whose leaves commit to it and when it was first and last seen, from the stored
/// commitments (the Article 30 record's personal data categories); every provider folds its rows the same way.
/// </summary>
internal sealed class DetailKeyTally
{
    private readonly Dictionary<string, (long Events, long First, long Last)> keys = new(StringComparer.Ordinal);

    public void Add(byte[] commitments, long recordedAtMs)
    {
        foreach (var key in DetailCodec.CommitmentKeys(commitments))
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
