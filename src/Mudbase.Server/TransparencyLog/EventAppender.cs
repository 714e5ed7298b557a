using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Mudbase.Server.Common;
using Mudbase.Server.Hosting;
using Mudbase.Server.Observability;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Tiles;
using Mudbase.Server.TransparencyLog.Intake;

namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// The append path, top to bottom (DESIGN §3, docs/ARCHITECTURE.md). Callers prepare their leaves and queue them;
/// the single writer loop drains every request waiting (up to the batch size) and drives one transaction:
/// lock the heads → claim idempotency keys → read the right-edge tiles → plan → write → commit (one fsync for the
/// whole batch) → complete each request. A failed commit fails every request of the batch and writes nothing. The
/// drafts of one request always share a transaction. Storage only does the I/O of each step.
/// On a database shared by several nodes the transaction first tries each organisation's integrator lease: the
/// organisations it holds are integrated together with every request other nodes left in the intake for them; the
/// requests of the others go to the intake and are answered when an integrator has signed them (<see cref="IntakeWaiter"/>).
/// </summary>
internal sealed partial class EventAppender(
    IAppendStore store, AppendPlanner planner, IOptions<StorageOptions> options, LedgerHeads heads, CommitSignal committed,
    IntakeWaiter intake, ILogger<EventAppender> logger) : BackgroundService
{
    private readonly Channel<AppendRequest> queue = Channel.CreateBounded<AppendRequest>(
        new BoundedChannelOptions(16 * 1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly SemaphoreSlim nudgeSlot = new(1, 1);

    /// <summary>Requests queued and not yet taken by the writer.</summary>
    public int QueueDepth => queue.Reader.Count;

    public async Task<AppendedEvent> AppendAsync(EventDraft draft, CancellationToken cancellationToken) =>
        (await AppendAllAsync([draft], cancellationToken))[0];

    /// <summary>Appends the drafts of one request, all of one organisation, in one transaction.</summary>
    public async Task<IReadOnlyList<AppendedEvent>> AppendAllAsync(IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken)
    {
        using var activity = AppendTracing.StartAppend(drafts.Count);
        // Salting, committing and serialising need no lock: done here, on the callers' threads, the single writer
        // is left with hashing and storing.
        var prepared = new PreparedDraft[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
            prepared[i] = new PreparedDraft(drafts[i], AppendPlanner.Prepare(drafts[i]));
        var request = new AppendRequest(Ids.NewUuidV7(DateTimeOffset.UtcNow), prepared, activity?.Context ?? default,
            new TaskCompletionSource<IReadOnlyList<AppendedEvent>>(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(request, cancellationToken);
        // Once queued the events may commit, so the caller waits for the outcome rather than abandoning it.
        return await request.Completion!.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var maxBatch = Math.Max(1, options.Value.MaxBatchSize);
        var batch = new List<AppendRequest>();
        var forwarding = ForwardNudgesAsync(stoppingToken);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var size = 0;
                while (size < maxBatch && queue.Reader.TryRead(out var next))
                {
                    batch.Add(next.Integrate is null ? next : TakeNudge(next));
                    size += next.Events.Count;
                }
                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            queue.Writer.TryComplete();
            // Drain what was already accepted so no queued request is left hanging at shutdown.
            while (queue.Reader.TryRead(out var next))
                batch.Add(next);
            if (batch.Count > 0)
                await CommitAsync(batch);
        }
        await forwarding;
    }

    // The intake asks for integrations (its requests wait, or another node's requests stalled): a request without
    // drafts joins the queue and merges into the next batch of the single writer. At most one waits in the queue; the
    // organisations it names are the ones wanted when the writer takes it.
    private async Task ForwardNudgesAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in intake.Nudges.ReadAllAsync(stoppingToken))
            {
                await nudgeSlot.WaitAsync(stoppingToken);
                await queue.Writer.WriteAsync(new AppendRequest(Guid.Empty, [], default, null, []), stoppingToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
        }
    }

    private AppendRequest TakeNudge(AppendRequest nudge)
    {
        nudgeSlot.Release();
        return nudge with { Integrate = intake.TakeWanted() };
    }

    private async Task CommitAsync(List<AppendRequest> batch)
    {
        using var activity = AppendTracing.StartCommit(batch.Where(r => r.Events.Count > 0).Select(p => p.Caller));
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<AppendRequest> deferred = [];
        try
        {
            var integration = await AppendBatchAsync(batch, CancellationToken.None);
            deferred = integration.Deferred;
            if (integration.Written.Count > 0)
            {
                MudbaseInstruments.Appended(integration.Written.Count, started);
                heads.Observe(integration.Written, integration.Results);
                committed.Committed();
            }
            // A request whose idempotency key was already used wrote nothing: its answer is the claim's record.
            foreach (var request in integration.Requests)
                intake.Complete(request, request.Results(integration.Landed));
        }
        catch (Exception e)
        {
            var count = batch.Sum(p => p.Events.Count);
            LogCommitFailed(logger, count, e);
            AppendTracing.Failed(activity, count, e);
            // A tampered store is not an unavailable one: it keeps its own exception, answered LEDGER_INTEGRITY.
            var failure = e is StorageUnavailableException or LedgerIntegrityException ? e : new StorageUnavailableException("The event could not be committed", e);
            foreach (var request in batch)
                request.Completion?.TrySetException(failure);
            return;
        }
        if (deferred.Count > 0)
            await intake.ParkAsync(deferred, CancellationToken.None);
    }

    /// <summary>
    /// One transaction: the requests integrated (a replayed idempotency key writes none of its drafts), where each
    /// draft landed, and the requests left for the intake because another transaction holds their organisation.
    /// </summary>
    private async Task<Integration> AppendBatchAsync(IReadOnlyList<AppendRequest> batch, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        var orgIds = batch.SelectMany(r => r.OrgIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // Lease (shared database only): integrate the organisations this transaction leases, oldest intake first;
        // the requests of the others wait in the intake. A try-lock never waits, so nodes never queue on a head lock.
        IReadOnlyList<string> leased = orgIds;
        var waiting = new List<AppendRequest>();
        var shared = intake.IsShared ? session as IIntakeSession : null;
        if (shared is not null)
        {
            var lease = await shared.LeaseAsync(orgIds, 4 * Math.Max(1, options.Value.MaxBatchSize), cancellationToken);
            leased = lease.Leased;
            foreach (var entry in lease.Waiting)
                waiting.Add(intake.TryGetParked(entry.RequestId, out var mine) ? mine : IntakeCodec.Decode(entry));
        }
        var isLeased = leased.ToHashSet(StringComparer.Ordinal);
        var own = batch.Where(r => r.Events.Count > 0).ToLookup(r => isLeased.Contains(r.OrgId));
        var requests = waiting.Concat(own[true]).ToList();
        if (requests.Count == 0)
            return new Integration([], new Dictionary<string, AppendedEvent>(), [], [], own[false].ToList());
        var events = requests.SelectMany(r => r.Events).ToList();

        // Lock: every touched head, in byte order of org id on every node, so two batches never deadlock.
        var touched = events.Select(e => e.Draft.OrgId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var logHeads = await session.LockHeadsAsync(touched, cancellationToken);

        // Claim: under the locks, so what the claims read cannot change before the commit. A parked request can come
        // back after a rolled-back attempt, so no claim keeps what an earlier transaction found.
        var drafts = events.Select(e => e.Draft).ToList();
        if (IdempotencyClaims.Of(drafts) is { Count: > 0 } claims)
        {
            foreach (var claim in claims)
                claim.Found = null;
            await session.ClaimAsync(claims, cancellationToken);
            events = events.Where(e => e.Draft.Claim?.Found is null).ToList();
        }

        // Plan: each organisation's leaves, tiles and checkpoint, grown from its locked head and right-edge tiles.
        var groups = events.GroupBy(e => e.Draft.OrgId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var edges = await session.ReadTilesAsync(groups
            .SelectMany(g => TileLayout.PartialTiles(logHeads[g.Key].Size).Select(t => new TileId(g.Key, t.Level, t.Index)))
            .ToList(), cancellationToken);
        var plans = groups.Select(g => planner.Plan(logHeads[g.Key], edges, g.ToList())).ToList();

        // Write, settle the intake (its requests leave it in this transaction; other nodes' get an outcome to collect)
        // and commit: durable when CommitAsync returns, and only then are the results handed out.
        await session.WriteAsync(plans, cancellationToken);
        var landed = plans.SelectMany(p => p.Leaves)
            .ToDictionary(l => l.Draft.Id, l => new AppendedEvent(l.Draft.Id, l.Sequence, l.LeafHash, l.Draft.RecordedAt), StringComparer.Ordinal);
        if (shared is not null && waiting.Count > 0)
            await shared.SettleAsync(waiting.Select(r => r.Id).ToList(),
                waiting.Where(r => r.Completion is null).Select(r => r.Outcome(landed)).ToList(), cancellationToken);
        await session.CommitAsync(cancellationToken);

        var written = events.Select(e => e.Draft).ToList();
        return new Integration(requests, landed, written, written.Select(d => landed[d.Id]).ToList(), own[false].ToList());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Append batch of {Count} events failed; none were committed")]
    private static partial void LogCommitFailed(ILogger logger, int count, Exception exception);

    private sealed record Integration(
        IReadOnlyList<AppendRequest> Requests,
        IReadOnlyDictionary<string, AppendedEvent> Landed,
        IReadOnlyList<EventDraft> Written,
        IReadOnlyList<AppendedEvent> Results,
        IReadOnlyList<AppendRequest> Deferred);
}
