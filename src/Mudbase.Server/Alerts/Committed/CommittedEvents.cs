using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Mudbase.Server.Compliance;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts.Committed;

/// <summary>
/// The organisations' newly committed events, read from storage once for every follower of the log on this node
/// (each webhook subscription's outbox cursor, rule evaluation, the live streams). A follower asks for a range after
/// its own durable position: a range at the head of the log is read by the first follower to ask, while the others
/// wait for that read and take its result; the newest events stay in a bounded window per organisation, so followers
/// a little behind take them from memory. A follower further behind than the window reads storage itself, uncached.
/// Nothing here is the source of truth: every follower keeps its own position, and the window may be dropped at any time.
/// </summary>
internal sealed class CommittedEvents(IEventStore store, OutboundPayloads payloads, IOptions<CommittedOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, OrgWindow> windows = new(StringComparer.Ordinal);

    /// <summary>The organisation's committed events with sequences from <paramref name="from"/> to <paramref name="to"/>, in order; possibly fewer (what is committed, or kept, so far).</summary>
    public async Task<IReadOnlyList<CommittedEvent>> ReadAsync(string orgId, long from, long to, CancellationToken cancellationToken)
    {
        if (to < from)
            return [];
        var settings = options.Value;
        var maxAge = (long)(settings.MaxAgeMilliseconds / 1000.0 * Stopwatch.Frequency);
        var window = windows.GetOrAdd(orgId, _ => new OrgWindow());
        if (window.Slice(from, to, Stopwatch.GetTimestamp(), maxAge) is { } kept)
            return kept;
        if (!window.IsAhead(from))
            return await ReadStorageAsync(orgId, from, to, cancellationToken);
        await window.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another follower may have read this range while this one waited.
            if (window.Slice(from, to, Stopwatch.GetTimestamp(), maxAge) is { } meanwhile)
                return meanwhile;
            if (!window.IsAhead(from))
                return await ReadStorageAsync(orgId, from, to, cancellationToken);
            // Read a whole window's worth at the head, so followers asking for larger ranges find them kept too.
            var generation = window.Generation;
            var read = await ReadStorageAsync(orgId, from, Math.Max(to, from + settings.PerOrganisation - 1), cancellationToken);
            if (read.Count > 0 && window.Append(read, Stopwatch.GetTimestamp(), Math.Max(1, settings.PerOrganisation), generation) > 0)
                Trim(settings.Total);
            return read.Count > 0 && read[^1].Sequence > to ? read.Where(e => e.Sequence <= to).ToList() : read;
        }
        finally
        {
            window.Gate.Release();
        }
    }

    /// <summary>
    /// Drops what is kept of the organisation's events, so that details erased from storage are not served from memory;
    /// a read already under way when this is called is not kept either.
    /// </summary>
    public void Forget(string orgId)
    {
        if (windows.TryGetValue(orgId, out var window))
            window.Clear();
    }

    /// <summary>Events kept for all organisations together, for tests and metrics.</summary>
    public int Kept => windows.Values.Sum(window => window.Count);

    private async Task<List<CommittedEvent>> ReadStorageAsync(string orgId, long from, long to, CancellationToken cancellationToken)
    {
        var read = new List<CommittedEvent>();
        await foreach (var stored in store.ReadRangeAsync(orgId, from, to, cancellationToken))
            read.Add(new CommittedEvent(stored, SecurityEventViews.ToView(stored), Render));
        return read;
    }

    private OutboundMessage Render(StoredEvent stored, Contracts.SecurityEventView view) => payloads.ForEvent(stored, view, time.GetUtcNow());

    // Keeps the total bounded: the least recently read organisations' windows are dropped first.
    private void Trim(int total)
    {
        var kept = Kept;
        if (kept <= total)
            return;
        foreach (var (_, window) in windows.OrderBy(pair => pair.Value.LastUsed).ToList())
        {
            kept -= window.Clear();
            if (kept <= total)
                return;
        }
    }
}
