using System.Collections.Concurrent;
using Mudbase.Server.Storage;

namespace Mudbase.Server.ApiKeys;

/// <summary>
/// Counts every request an API key authenticates and keeps <c>lastUsedAt</c> current without a database write per
/// request: this process adds its count to the stored one at most once per <see cref="Resolution"/> per key, and
/// <see cref="Pending"/> tells what it has counted but not written yet, so its own answers are exact.
/// </summary>
internal sealed partial class ApiKeyUsage(IApiKeyAdminStore store, ILogger<ApiKeyUsage> logger)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);

    public async Task RecordAsync(ApiKeyRecord key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A key another node wrote recently starts its window there, so a fleet does not write once per node per request.
        var counter = counters.GetOrAdd(key.Id, _ => new Counter(key.LastUsedAt));
        Interlocked.Increment(ref counter.Count);
        if (!counter.TryClaimWrite(now))
            return;
        var requests = Interlocked.Exchange(ref counter.Count, 0);
        try
        {
            await store.AddApiKeyRequestsAsync(key.Id, requests, now, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The counter is informational; the request it counts must not fail because of it. Keep the count for the next write.
            Interlocked.Add(ref counter.Count, requests);
            LogWriteFailed(logger, key.Id, e);
        }
    }

    /// <summary>Requests this process counted for the key and has not written yet.</summary>
    public long Pending(string keyId) => counters.TryGetValue(keyId, out var counter) ? Interlocked.Read(ref counter.Count) : 0;

    private sealed class Counter(DateTimeOffset? lastWrite)
    {
        public long Count;
        private DateTimeOffset? lastWrite = lastWrite;
        private readonly Lock gate = new();

        public bool TryClaimWrite(DateTimeOffset now)
        {
            lock (gate)
            {
                if (lastWrite is { } previous && now - previous < Resolution)
                    return false;
                lastWrite = now;
                return true;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the use of API key {KeyId}")]
    private static partial void LogWriteFailed(ILogger logger, string keyId, Exception exception);
}
