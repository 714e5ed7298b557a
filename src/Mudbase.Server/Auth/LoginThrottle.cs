using System.Collections.Concurrent;

namespace Mudbase.Server.Auth;

/// <summary>
/// Counts failed logins per (account, client address) in a sliding 15-minute window. After
/// <see cref="MaxFailures"/> failures the pair is refused until the oldest failure leaves the window.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<(string Email, string Ip), Queue<DateTimeOffset>> failures = new();

    /// <summary>How long the caller must wait, or null when a login attempt may proceed.</summary>
    public TimeSpan? RetryAfter(string email, string ip)
    {
        if (!failures.TryGetValue(Key(email, ip), out var queue))
            return null;
        lock (queue)
        {
            var now = time.GetUtcNow();
            Expire(queue, now);
            return queue.Count >= MaxFailures ? queue.Peek() + Window - now : null;
        }
    }

    /// <summary>Records a failure; true when this failure reaches the threshold (a burst to report).</summary>
    public bool RecordFailure(string email, string ip)
    {
        var queue = failures.GetOrAdd(Key(email, ip), _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            var now = time.GetUtcNow();
            Expire(queue, now);
            queue.Enqueue(now);
            return queue.Count == MaxFailures;
        }
    }

    public void Reset(string email, string ip) => failures.TryRemove(Key(email, ip), out _);

    private static (string, string) Key(string email, string ip) => (email.ToUpperInvariant(), ip);

    private static void Expire(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && queue.Peek() + Window <= now)
            queue.Dequeue();
    }
}
