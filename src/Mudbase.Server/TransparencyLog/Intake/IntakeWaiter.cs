using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Mudbase.Server.Storage;

namespace Mudbase.Server.TransparencyLog.Intake;

/// <summary>
/// The waiting half of the intake on a shared database. A request whose organisation is being integrated by another
/// transaction is parked here: written to the intake, then answered when an integrator has put it into the log and
/// signed a checkpoint over it — by this node's own writer (completed in memory) or by another node (an outcome row,
/// announced by NOTIFY and polled as well). When a wait passes without any integration announced, and whenever the
/// intake holds requests nobody has integrated for a while (their node died), the writer is asked to try the
/// organisations' leases itself; while integrations are announced the lease holder takes the waiting requests anyway.
/// </summary>
internal sealed partial class IntakeWaiter(SharedIntake shared, TimeProvider time, ILogger<IntakeWaiter> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeepOutcomes = TimeSpan.FromMinutes(10);

    private readonly IAppendIntake? intake = shared.Intake;
    private readonly ConcurrentDictionary<Guid, Parked> parked = new();
    private readonly Channel<IReadOnlyList<string>> nudges = Channel.CreateUnbounded<IReadOnlyList<string>>();
    private readonly SemaphoreSlim arrived = new(0);

    /// <summary>False on SQLite: one process owns the file and its writer integrates everything itself.</summary>
    public bool IsShared => intake is not null;

    /// <summary>Organisations whose intake the writer should try to integrate.</summary>
    public ChannelReader<IReadOnlyList<string>> Nudges => nudges.Reader;

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
        nudges.Writer.TryWrite(requests.Select(r => r.OrgId).Distinct(StringComparer.Ordinal).ToList());
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
            while (!stoppingToken.IsCancellationRequested)
            {
                var announced = false;
                if (parked.IsEmpty)
                    await arrived.WaitAsync(Sweep, stoppingToken);
                else
                    announced = await intake.WaitForSettlementAsync(Poll, stoppingToken);
                try
                {
                    if (!parked.IsEmpty)
                        await CollectAsync(intake, nudge: !announced, stoppingToken);
                    if (Stopwatch.GetElapsedTime(lastSweep) >= Sweep)
                    {
                        lastSweep = Stopwatch.GetTimestamp();
                        if (await intake.StalledOrgsAsync(time.GetUtcNow() - Stalled, stoppingToken) is { Count: > 0 } stalled)
                            nudges.Writer.TryWrite(stalled);
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
                    await Task.Delay(Poll, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Requests still parked stay in the intake and another node integrates them; their clients see a 503.
        FailAll(new StorageUnavailableException("The server is stopping before the event was integrated"));
    }

    private async Task CollectAsync(IAppendIntake store, bool nudge, CancellationToken cancellationToken)
    {
        foreach (var outcome in await store.TakeOutcomesAsync(parked.Keys.ToList(), cancellationToken))
        {
            if (parked.TryRemove(outcome.RequestId, out var entry))
                entry.Request.Completion?.TrySetResult(entry.Request.Results(outcome));
        }
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, entry) in parked)
        {
            if (Stopwatch.GetElapsedTime(entry.Since) < GiveUp)
                waiting.Add(entry.Request.OrgId);
            else if (parked.TryRemove(id, out _))
                entry.Request.Completion?.TrySetException(new StorageUnavailableException(
                    "The event is queued but was not integrated in time; retry with the same Idempotency-Key"));
        }
        if (nudge && waiting.Count > 0)
            nudges.Writer.TryWrite(waiting.ToList());
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
