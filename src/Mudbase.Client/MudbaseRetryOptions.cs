namespace Mudbase.Client;

/// <summary>
/// How event writes survive a lost connection. Each write carries an <c>Idempotency-Key</c>, so when the network
/// fails (or the server answers 503, or 409 because the same key is still being processed) the client sends the same
/// request again with the same key: the server records it once and answers every attempt alike. A 503
/// <c>LEDGER_INTEGRITY</c> is not retried: the stored ledger contradicts its signed checkpoints until an operator acts.
/// </summary>
public sealed class MudbaseRetryOptions
{
    /// <summary>Send a generated <c>Idempotency-Key</c> on every event write (default). Without one, writes are never retried.</summary>
    public bool SendIdempotencyKeys { get; set; } = true;

    /// <summary>Retries after the first attempt; 0 disables retrying.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Wait before the first retry; it doubles on each further retry, with random jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between two attempts, also the cap on a server's <c>Retry-After</c>.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>No key, no retries: every write is sent exactly once.</summary>
    public static MudbaseRetryOptions Disabled => new() { SendIdempotencyKeys = false, MaxRetries = 0 };
}
