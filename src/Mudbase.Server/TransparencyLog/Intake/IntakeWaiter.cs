using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;

namespace Mudbase.Server.TransparencyLog.Intake;

/// <summary>
/// The waiting half of the intake on a shared database. A request whose organisation is being integrated by another
/// transaction is parked here: written to the intake, then answered when an integrator has put it into the log and
/// signed a checkpoint over it — by this node's own writer (completed in memory) or by another node (an outcome row).
/// NOTIFY is the wake-up: an integrator names the nodes whose requests it settled, and only those read their outcomes
/// (one statement). Polling every <see cref="IntakeOptions.PollInterval"/> only covers a lost notification. After every
/// integration announced and every poll, requests still parked ask this node's writer to try their organisations'
/// leases (at most one such request waits in the writer's queue); intake rows nobody integrated for
/// <see cref="IntakeOptions.StalledAfter"/> (their node died) do the same.
/// </summary>
internal sealed partial class IntakeWaiter(
    SharedIntake shared, IOptions<IntakeOptions> options, TimeProvider time, ILogger<IntakeWaiter> logger) : BackgroundService
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepOutcomes = TimeSpan.FromMinutes(10);

    private readonly IAppendIntake? intake = shared.Intake;
    private readonly IntakeOptions settings = options.Value;
    private readonly ConcurrentDictionary<Guid, Parked> parked = new();
    private readonly ConcurrentDictionary<string, byte> wanted = new(StringComparer.Ordinal);
    private readonly Channel<bool> nudges = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim arrived = new(0);
    private long pending;

    /// <summary>False on SQLite: one process owns the file and its writer integrates everything itself.</summary>
    public bool IsShared => intake is not null;

    /// <summary>Requests of this node waiting in the intake for an integrator.</summary>
    public int ParkedCount => parked.Count;

    /// <summary>Rows in the whole intake (every node's) at this node's last survey, once a second while it runs.</summary>
    public long PendingCount => Interlocked.Read(ref pending);

    /// <summary>Signals that organisations wait for an integration; <see cref="TakeWanted"/> says which.</summary>
    public ChannelReader<bool> Nudges => nudges.Reader;

    /// <summary>The organisations whose intake the writer should try to integrate, taken once.</summary>
    public IReadOnlyList<string> TakeWanted()
    {
        var orgIds = new List<string>(wanted.Count);
        foreach (var orgId in wanted.Keys)
        {
            if (wanted.TryRemove(orgId, out _))
                orgIds.Add(orgId);
        }
        return orgIds;
    }

    /// <summary>A request of this node that waits in the intake, so its integrator answers it in memory.</summary>
    public bool TryGetParked(Guid requestId, out AppendRequest request)
    {
        var found = parked.TryGetValue(requestId, out var entry);
        request = entry?.Request!;
        return found;
    }

    /// <summary>Answers a request integrated by this node's writer, whether it was parked here or never had to be.</summary>
    public void Complete(AppendRequest request, IReadOnlyList<AppendedEvent> results)
    {
        parked.TryRemove(request.Id, out _);
        request.Completion?.TrySetResult(results);
    }

    /// <summary>Writes the requests to the intake (durable when it returns) and waits for their integration.</summary>
    public async Task ParkAsync(IReadOnlyList<AppendRequest> requests, CancellationToken cancellationToken)
    {
        if (intake is null)
            throw new InvalidOperationException("Only a shared database has an intake");
        // Parked before written, so an integrator of this node that reads them finds them here.
        foreach (var request in requests)
            parked[request.Id] = new Parked(request, Stopwatch.GetTimestamp());
        try
        {
            await intake.WriteAsync(requests.Select(IntakeCodec.Encode).ToList(), cancellationToken);
        }
        catch (Exception e)
        {
            var failure = e as StorageUnavailableException ?? new StorageUnavailableException("The event could not be queued", e);
            foreach (var request in requests)
            {
                if (parked.TryRemove(request.Id, out _))
                    request.Completion?.TrySetException(failure);
            }
            return;
        }
        Want(requests.Select(r => r.OrgId));
        arrived.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (intake is null)
            return;
        var lastSweep = 0L;
        var lastForget = Stopwatch.GetTimestamp();
        try
        {
            if (settings.Listen)
                await intake.ListenAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (parked.IsEmpty)
                        await arrived.WaitAsync(Sweep, stoppingToken);
                    else
                        await WaitAndCollectAsync(intake, stoppingToken);
                    if (Stopwatch.GetElapsedTime(lastSweep) >= Sweep)
                    {
                        lastSweep = Stopwatch.GetTimestamp();
                        var survey = await intake.SurveyAsync(time.GetUtcNow() - settings.StalledAfter, stoppingToken);
                        Interlocked.Exchange(ref pending, survey.Pending);
                        Want(survey.Stalled);
                    }
                    if (Stopwatch.GetElapsedTime(lastForget) >= KeepOutcomes)
                    {
                        lastForget = Stopwatch.GetTimestamp();
                        await intake.ForgetOutcomesAsync(time.GetUtcNow() - KeepOutcomes, stoppingToken);
                    }
                }
                catch (StorageUnavailableException e)
                {
                    LogIntakeUnavailable(logger, e);
                    await Task.Delay(settings.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Requests still parked stay in the intake and another node integrates them; their clients see a 503.
        FailAll(new StorageUnavailableException("The server is stopping before the event was integrated"));
    }

    // One wait: for a notification (or the poll interval without one), then the outcomes when they may concern this
    // node, then a lease attempt for what is still parked: an integrator that just committed has released its lease.
    private async Task WaitAndCollectAsync(IAppendIntake store, CancellationToken cancellationToken)
    {
        var signal = IntakeSignal.None;
        if (settings.Listen)
            signal = await store.WaitForSettlementAsync(settings.PollInterval, cancellationToken);
        else
            await Task.Delay(settings.PollInterval, time, cancellationToken);
        if (signal != IntakeSignal.ForOthers)
        {
            foreach (var outcome in await store.TakeOutcomesAsync(parked.Keys.ToList(), cancellationToken))
            {
                if (parked.TryRemove(outcome.RequestId, out var entry))
                    entry.Request.Completion?.TrySetResult(entry.Request.Results(outcome));
            }
        }
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, entry) in parked)
        {
            if (Stopwatch.GetElapsedTime(entry.Since) < settings.GiveUp)
                waiting.Add(entry.Request.OrgId);
            else if (parked.TryRemove(id, out _))
                entry.Request.Completion?.TrySetException(new StorageUnavailableException(
                    "The event is queued but was not integrated in time; retry with the same Idempotency-Key"));
        }
        Want(waiting);
    }

    private void Want(IEnumerable<string> orgIds)
    {
        var any = false;
        foreach (var orgId in orgIds)
        {
            wanted.TryAdd(orgId, 0);
            any = true;
        }
        // A bounded channel of one that drops further writes: one signal waits for the writer however many ask.
        if (any)
            nudges.Writer.TryWrite(true);
    }

    private void FailAll(Exception failure)
    {
        foreach (var id in parked.Keys)
        {
            if (parked.TryRemove(id, out var entry))
                entry.Request.Completion?.TrySetException(failure);
        }
    }

    public override void Dispose()
    {
        arrived.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The append intake could not be read; retrying")]
    private static partial void LogIntakeUnavailable(ILogger logger, Exception exception);

    private sealed record Parked(AppendRequest Request, long Since);
}
