using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Mudbase.Server.Alerts.Committed;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Alerts.Rules;

/// <summary>
/// Evaluates every organisation's rules on committed events (from <see cref="CommittedEvents"/>, shared with the other
/// followers of the log), in sequence order, woken by <see cref="CommitSignal"/>
/// and polling for other nodes' commits. One node at a time evaluates an organisation (a lease in storage). Each step
/// records its detections, then saves the cursor and window state; a crash between the two re-evaluates the step,
/// and the detections' idempotency keys keep their events from being recorded twice.
/// </summary>
internal sealed partial class RuleEvaluator(
    RuleCatalog catalog, IRuleStore store, CommittedEvents events, ILedgerStore ledger, DetectionRecorder detections,
    CommitSignal signal, TimeProvider time, IOptions<RulesOptions> options, ILogger<RuleEvaluator> logger) : BackgroundService
{
    private readonly string node = Ids.New("node");

    // Where this node last left each organisation, so an idle log is checked with a read, not a lease write.
    private readonly ConcurrentDictionary<string, long> evaluated = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Evaluate)
            return;
        var poll = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollMilliseconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            var pulse = signal.Next;
            try
            {
                await EvaluateAllAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogEvaluationFailed(logger, e);
            }
            try
            {
                // Commits pulse far more often than rules need to run: waiting a moment first folds them together.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, options.Value.MinIntervalMilliseconds)), stoppingToken);
                await pulse.WaitAsync(poll, stoppingToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>
    /// Stops evaluating and gives up this node's leases, so that in a rolling restart another node (or this one's
    /// successor) continues at once instead of after <see cref="RulesOptions.LeaseSeconds"/>. A node that dies keeps
    /// its leases until they expire.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!options.Value.Evaluate)
            return;
        try
        {
            await store.ReleaseLeasesAsync(node, cancellationToken);
        }
        catch (Exception e)
        {
            // Shutting down: whatever failed, the leases expire on their own.
            LogReleaseFailed(logger, e);
        }
    }

    /// <summary>Evaluates every organisation's new events once; returns when all are done or another node holds them.</summary>
    public async Task EvaluateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var orgId in await ledger.LogOrgIdsAsync(cancellationToken))
            await EvaluateAsync(orgId, cancellationToken);
    }

    private async Task EvaluateAsync(string orgId, CancellationToken cancellationToken)
    {
        if (evaluated.TryGetValue(orgId, out var done) && !await HasEventsAfterAsync(orgId, done, cancellationToken))
            return;
        await catalog.EnsureAsync(orgId, cancellationToken);
        var leaseFor = TimeSpan.FromSeconds(Math.Max(1, options.Value.LeaseSeconds));
        var now = time.GetUtcNow();
        if (await store.TryLeaseAsync(orgId, node, now, now + leaseFor, cancellationToken) is not { } cursor)
        {
            evaluated.TryRemove(orgId, out _);
            return;
        }
        var rules = (await store.ListAsync(orgId, cancellationToken))
            .Select(record => (record.Id, Rule: RuleCatalog.Parse(record)))
            .Where(rule => rule.Rule.Enabled)
            .ToList();
        var batchSize = Math.Max(1, options.Value.BatchSize);
        while (true)
        {
            var batch = (await events.ReadAsync(orgId, cursor.LastSequence + 1, cursor.LastSequence + batchSize, cancellationToken))
                .Select(committed => committed.View).ToList();
            if (batch.Count == 0)
                break;
            var state = JsonSerializer.Deserialize(cursor.State, RulesJsonContext.Default.RuleState) ?? new RuleState();
            foreach (var detection in RuleEngine.Evaluate(rules, batch, state))
            {
                await detections.RecordAsync(orgId, detection, cancellationToken);
                LogDetection(logger, orgId, detection.RuleId, detection.Sequences.Count, detection.Sequences[^1]);
            }
            cursor = new RuleCursor(batch[^1].Sequence, JsonSerializer.Serialize(state, RulesJsonContext.Default.RuleState));
            now = time.GetUtcNow();
            if (!await store.SaveCursorAsync(orgId, node, cursor, now, now + leaseFor, cancellationToken))
            {
                LogLeaseLost(logger, orgId);
                evaluated.TryRemove(orgId, out _);
                return;
            }
        }
        evaluated[orgId] = cursor.LastSequence;
    }

    private async Task<bool> HasEventsAfterAsync(string orgId, long sequence, CancellationToken cancellationToken) =>
        (await events.ReadAsync(orgId, sequence + 1, sequence + 1, cancellationToken)).Count > 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule evaluation leases could not be given up at shutdown; they expire on their own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule evaluation failed; retrying at the next poll")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rule {RuleId} of {OrgId} fired on {Count} events up to sequence {Sequence}")]
    private static partial void LogDetection(ILogger logger, string orgId, string ruleId, int count, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another node took over rule evaluation of {OrgId}")]
    private static partial void LogLeaseLost(ILogger logger, string orgId);
}
