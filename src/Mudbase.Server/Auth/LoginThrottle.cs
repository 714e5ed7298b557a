using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mudbase.Server.RateLimits;

namespace Mudbase.Server.Auth;

/// <summary>
/// Counts failed logins in a sliding 15-minute window, per (account, client address) and per account over every
/// address. After <see cref="MaxFailures"/> failures the pair is refused, and after
/// <see cref="RateLimitOptions.LoginFailuresPerAccount"/> failures from any mix of addresses the account is, until the
/// oldest failure leaves the window. Counts live in this process: with several nodes each node counts its own share.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time, IOptions<RateLimitOptions> limits)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // The empty address stands for "every address" (the account-wide count).
    private const string AnyAddress = "";

    private readonly ConcurrentDictionary<(string Email, string Ip), Queue<DateTimeOffset>> failures = new();

    /// <summary>How long the caller must wait, or null when a login attempt may proceed.</summary>
    public TimeSpan? RetryAfter(string email, string ip)
    {
        var pair = Wait(Key(email, ip), MaxFailures);
        var account = Wait(Key(email, AnyAddress), limits.Value.LoginFailuresPerAccount);
        return pair is null ? account : account is null ? pair : pair > account ? pair : account;
    }

    /// <summary>Records a failure; true when this failure reaches a threshold (a burst to report).</summary>
    public bool RecordFailure(string email, string ip)
    {
        var pairReached = Record(Key(email, ip)) == MaxFailures;
        var accountReached = Record(Key(email, AnyAddress)) == limits.Value.LoginFailuresPerAccount;
        return pairReached || accountReached;
    }

    public void Reset(string email, string ip)
    {
        failures.TryRemove(Key(email, ip), out _);
        failures.TryRemove(Key(email, AnyAddress), out _);
    }

    private TimeSpan? Wait((string, string) key, int threshold)
    {
        if (!failures.TryGetValue(key, out var queue))
            return null;
        lock (queue)
        {
            var now = time.GetUtcNow();
            Expire(queue, now);
            return queue.Count >= threshold ? queue.Peek() + Window - now : null;
        }
    }

    private int Record((string, string) key)
    {
        var queue = failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            var now = time.GetUtcNow();
            Expire(queue, now);
            queue.Enqueue(now);
            return queue.Count;
        }
    }

    private static (string, string) Key(string email, string ip) => (email.ToUpperInvariant(), ip);

    private static void Expire(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && queue.Peek() + Window <= now)
            queue.Dequeue();
    }
}
