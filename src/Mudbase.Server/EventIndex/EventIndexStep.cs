using Mudbase.Server.Storage;

namespace Mudbase.Server.EventIndex;

/// <summary>
/// One indexing step for one organisation, top to bottom in one transaction: read the latest runs and the events
/// past the watermark, absorb the small runs before them (<see cref="EventIndexRuns.Absorbs"/>), write the run, commit.
/// </summary>
internal static class EventIndexStep
{
    // More trailing small runs than this cannot exist: each absorbed run is at most as large as what absorbs it.
    private const int MaxRunsRead = 64;

    /// <summary>Returns how many new events were indexed; 0 when the organisation's index was up to date.</summary>
    public static async Task<int> RunAsync(
        IEventIndexStore store, string orgId, int maxEvents, int fullRunEvents, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(orgId, cancellationToken);
        return await IndexAsync(session, maxEvents, fullRunEvents, cancellationToken);
    }

    /// <summary>
    /// Like <see cref="RunAsync"/> when the organisation's index is free; null at once when another indexer (another
    /// node's) or an erasure holds it, so nodes never queue for an organisation one of them is already indexing.
    /// </summary>
    public static async Task<int?> TryRunAsync(
        IEventIndexStore store, string orgId, int maxEvents, int fullRunEvents, CancellationToken cancellationToken)
    {
        await using var session = await store.TryBeginAsync(orgId, cancellationToken);
        return session is null ? null : await IndexAsync(session, maxEvents, fullRunEvents, cancellationToken);
    }

    private static async Task<int> IndexAsync(IEventIndexSession session, int maxEvents, int fullRunEvents, CancellationToken cancellationToken)
    {
        var runs = await session.LatestRunsAsync(MaxRunsRead, cancellationToken);
        var watermark = runs.Count > 0 ? runs[0].Last : 0;
        var events = await session.DetailsAsync(watermark + 1, long.MaxValue, maxEvents, cancellationToken);
        if (events.Count == 0)
            return 0;
        var fresh = events.Count;
        var last = events[^1].Sequence;
        var first = events[0].Sequence;
        foreach (var run in runs)
        {
            if (!EventIndexRuns.Absorbs(run.First, run.Last, last - first + 1, fullRunEvents))
                break;
            first = run.First;
        }
        if (first < events[0].Sequence)
        {
            events.InsertRange(0, await session.DetailsAsync(first, watermark, int.MaxValue, cancellationToken));
            await session.DeleteRunsFromAsync(first, cancellationToken);
        }
        await session.WriteRunAsync(new IndexRun(first, last), EventIndexRuns.Terms(events), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return fresh;
    }
}
