using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Postings;

namespace Mudbase.Server.EventIndex;

/// <summary>
/// One indexing step for one organisation: read the latest runs and the events past the watermark, absorb the small
/// runs before them (<see cref="EventIndexRuns.Absorbs"/>), write the run, commit. Where the write lock holds up
/// appends (SQLite), the reading and sorting happen first on a read snapshot, and the lock is held only to check that
/// nothing read has changed since (no erasure, the same runs) and to write; otherwise the step plans again under it.
/// </summary>
internal static class EventIndexStep
{
    // More trailing small runs than this cannot exist: each absorbed run is at most as large as what absorbs it.
    private const int MaxRunsRead = 64;

    /// <summary>Returns how many new events were indexed; 0 when the organisation's index was up to date.</summary>
    public static async Task<int> RunAsync(
        IEventIndexStore store, string orgId, int maxEvents, int fullRunEvents, CancellationToken cancellationToken)
    {
        var ahead = await PlanAheadAsync(store, orgId, maxEvents, fullRunEvents, cancellationToken);
        if (ahead is { Plan: null })
            return 0;
        await using var session = await store.BeginAsync(orgId, cancellationToken);
        return await IndexAsync(session, ahead, maxEvents, fullRunEvents, cancellationToken);
    }

    /// <summary>
    /// Like <see cref="RunAsync"/> when the organisation's index is free; null at once when another indexer (another
    /// node's) or an erasure holds it, so nodes never queue for an organisation one of them is already indexing.
    /// </summary>
    public static async Task<int?> TryRunAsync(
        IEventIndexStore store, string orgId, int maxEvents, int fullRunEvents, CancellationToken cancellationToken)
    {
        var ahead = await PlanAheadAsync(store, orgId, maxEvents, fullRunEvents, cancellationToken);
        if (ahead is { Plan: null })
            return 0;
        await using var session = await store.TryBeginAsync(orgId, cancellationToken);
        return session is null ? null : await IndexAsync(session, ahead, maxEvents, fullRunEvents, cancellationToken);
    }

    // Null where the store offers no snapshot; a null plan when the snapshot found nothing to index (what was appended
    // after it is the next step's).
    private static async Task<PlannedAhead?> PlanAheadAsync(
        IEventIndexStore store, string orgId, int maxEvents, int fullRunEvents, CancellationToken cancellationToken)
    {
        await using var snapshot = await store.SnapshotAsync(orgId, cancellationToken);
        return snapshot is null ? null : new PlannedAhead(await PlanAsync(snapshot, maxEvents, fullRunEvents, cancellationToken), snapshot);
    }

    private static async Task<int> IndexAsync(
        IEventIndexSession session, PlannedAhead? ahead, int maxEvents, int fullRunEvents, CancellationToken cancellationToken)
    {
        var plan = ahead is { Plan: { } planned } && ahead.From.Unchanged
            && (await session.LatestRunsAsync(MaxRunsRead, cancellationToken)).SequenceEqual(planned.RunsRead)
            ? planned
            : await PlanAsync(session, maxEvents, fullRunEvents, cancellationToken);
        if (plan is null)
            return 0;
        if (plan.AbsorbsRuns)
            await session.DeleteRunsFromAsync(plan.Run.First, cancellationToken);
        await session.WriteRunAsync(plan.Run, plan.Postings, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return plan.Fresh;
    }

    private static async Task<RunPlan?> PlanAsync(IEventIndexReader reader, int maxEvents, int fullRunEvents, CancellationToken cancellationToken)
    {
        var runs = await reader.LatestRunsAsync(MaxRunsRead, cancellationToken);
        var watermark = runs.Count > 0 ? runs[0].Last : 0;
        var events = await reader.DetailsAsync(watermark + 1, long.MaxValue, maxEvents, cancellationToken);
        if (events.Count == 0)
            return null;
        var last = events[^1].Sequence;
        var first = events[0].Sequence;
        foreach (var run in runs)
        {
            if (!EventIndexRuns.Absorbs(run.First, run.Last, last - first + 1, fullRunEvents))
                break;
            first = run.First;
        }
        var absorbs = first < events[0].Sequence;
        // The absorbed runs' stored lists, which erasures keep exact, extended with the new events: their rows are not
        // read and posted again on each merge.
        var postings = new RunPostings();
        if (absorbs)
            postings.AddStored(await reader.PostingsFromAsync(first, cancellationToken));
        return new RunPlan(runs, new IndexRun(first, last), events.Count, absorbs, postings.Add(events).Build());
    }

    /// <summary>
    /// A run to write: the runs it was planned against (<paramref name="RunsRead"/>), the range it covers, how many
    /// of its events are new, whether it replaces the runs from its first sequence number on, and its posting lists.
    /// </summary>
    private sealed record RunPlan(IReadOnlyList<IndexRun> RunsRead, IndexRun Run, int Fresh, bool AbsorbsRuns, List<IndexPosting> Postings);

    private sealed record PlannedAhead(RunPlan? Plan, IEventIndexSnapshot From);
}
