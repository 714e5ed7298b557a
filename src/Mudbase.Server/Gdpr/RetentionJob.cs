using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Gdpr;

/// <summary>
/// Erases the detail values of events older than each organisation's retention period. When several nodes share
/// PostgreSQL, one runs a round and the others skip it (an advisory lock, see <see cref="IPrivacyStore.RunExclusiveAsync"/>).
/// </summary>
internal sealed partial class RetentionJob(
    IPrivacyStore store, ErasureService erasures, IOptions<GdprOptions> options, TimeProvider time, ILogger<RetentionJob> logger)
    : BackgroundService
{
    public const string JobName = "retention";

    /// <summary>One round over every organisation with a policy; false when another node is running it.</summary>
    public Task<bool> RunOnceAsync(CancellationToken cancellationToken) =>
        store.RunExclusiveAsync(JobName, async token =>
        {
            foreach (var policy in await store.RetentionPoliciesAsync(token))
            {
                var cutoff = time.GetUtcNow().AddDays(-policy.RetentionDays!.Value);
                var (events, details) = await erasures.EraseOlderThanAsync(policy.OrgId, cutoff, options.Value.RetentionBatchSize, token);
                if (events > 0)
                    LogErased(logger, policy.OrgId, events, details);
            }
        }, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is StorageUnavailableException && !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention erased {Details} details of {Events} events in {OrgId}")]
    private static partial void LogErased(ILogger logger, string orgId, long events, long details);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention round failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception failure);
}
