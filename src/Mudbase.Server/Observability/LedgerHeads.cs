using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Observability;

/// <summary>
/// The size and last signing time of every log this process knows of, for the gauges: updated by each commit here
/// and refreshed from the database, so checkpoints signed by other nodes show up too. Until /metrics is served no
/// gauge can be read, and commits record nothing here.
/// </summary>
internal sealed class LedgerHeads(TimeProvider time, IOptions<MetricsOptions> options)
{
    private readonly ConcurrentDictionary<string, Head> heads = new(StringComparer.Ordinal);
    private readonly bool kept = options.Value.Enabled;

    public readonly record struct Head(long TreeSize, DateTimeOffset SignedAt);

    public IEnumerable<KeyValuePair<string, Head>> All => heads;

    /// <summary>After a commit: each organisation's log now ends at the highest sequence it was given.</summary>
    public void Observe(IReadOnlyList<EventDraft> drafts, IReadOnlyList<AppendedEvent> results)
    {
        if (!kept)
            return;
        var now = time.GetUtcNow();
        // Once per run of one organisation's drafts (a batch is mostly one), not once per event.
        for (var i = 0; i < drafts.Count; i++)
        {
            var orgId = drafts[i].OrgId;
            var size = results[i].Sequence;
            while (i + 1 < drafts.Count && drafts[i + 1].OrgId == orgId)
                size = Math.Max(size, results[++i].Sequence);
            Observe(orgId, size, now);
        }
    }

    public void Observe(string orgId, long treeSize, DateTimeOffset signedAt) =>
        heads.AddOrUpdate(orgId, new Head(treeSize, signedAt),
            (_, known) => treeSize > known.TreeSize ? new Head(treeSize, signedAt) : known);
}
