using Microsoft.Extensions.Options;

namespace Mudbase.Server.Alerts;

/// <summary>
/// Exponential backoff with jitter: the n-th retry waits between half and all of
/// min(base × 2^(n−1), max), so receivers coming back after an outage are not hit by every sender at once.
/// </summary>
internal sealed class RetrySchedule(IOptions<WebhookOptions> options)
{
    public TimeSpan DelayBefore(int retry)
    {
        var o = options.Value;
        var ceiling = Math.Min(o.BackoffSeconds * Math.Pow(2, Math.Min(retry - 1, 30)), o.MaxBackoffSeconds);
        return TimeSpan.FromSeconds(ceiling * (0.5 + Random.Shared.NextDouble() / 2));
    }

    /// <summary>True once an event has failed for the whole retry period.</summary>
    public bool GivesUp(DateTimeOffset firstFailure, DateTimeOffset now) => now - firstFailure >= TimeSpan.FromHours(options.Value.RetryHours);
}
