using System.Collections.Concurrent;
using Mudbase.Server.Storage;

namespace Mudbase.Server.ApiKeys;

/// <summary>
/// Keeps <c>lastUsedAt</c> current without a database write per request: at most one write per key per
/// <see cref="Resolution"/> from this process, and none while the stored value is recent enough.
/// </summary>
internal sealed partial class ApiKeyUsage(IAccessStore store, ILogger<ApiKeyUsage> logger)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> written = new(StringComparer.Ordinal);

    public async Task RecordAsync(ApiKeyRecord key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (key.LastUsedAt is { } stored && now - stored < Resolution)
            return;
        var claimed = false;
        written.AddOrUpdate(key.Id, _ => { claimed = true; return now; }, (_, previous) =>
        {
            claimed = now - previous >= Resolution;
            return claimed ? now : previous;
        });
        if (!claimed)
            return;
        try
        {
            await store.TouchApiKeyAsync(key.Id, now, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The timestamp is informational; the request it describes must not fail because of it.
            LogTouchFailed(logger, key.Id, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the last use of API key {KeyId}")]
    private static partial void LogTouchFailed(ILogger logger, string keyId, Exception exception);
}
