using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance.Idempotency;

/// <summary>
/// Deletes expired idempotency keys in the background, in bounded statements. Requests never wait for it: an expired
/// key is ignored by every lookup whether or not it has been deleted yet.
/// </summary>
internal sealed partial class IdempotencyCleanup(
    IIdempotencyStore store, TimeProvider time, IOptions<IdempotencyOptions> options, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await SweepAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deletes every key expired now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var limit = Math.Max(1, options.Value.CleanupBatchSize);
        var total = 0;
        try
        {
            int deleted;
            do
            {
                deleted = await store.DeleteExpiredAsync(time.GetUtcNow(), limit, cancellationToken);
                total += deleted;
            }
            while (deleted == limit);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next tick tries again; an undeleted expired key is ignored by every lookup anyway.
            LogSweepFailed(logger, e);
        }
        if (total > 0)
            LogSwept(logger, total);
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency keys")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired idempotency keys failed; will retry")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
