namespace Mudbase.Server.Compliance;

internal static class SystemEvents
{
    /// <summary>Records an event the server raises about itself, with string details given as pairs.</summary>
    public static async Task RecordAsync(
        this SecurityEventRecorder recorder, string orgId, string eventType, string severity, string? sourceIp,
        CancellationToken cancellationToken, params (string Key, string Value)[] details) =>
        await recorder.RecordSystemEventAsync(orgId, eventType, severity, sourceIp,
            details.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal), cancellationToken);
}
