using System.Text.Json;
using Mudbase.Server.Common;
using Mudbase.Server.Ledger;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance;

/// <summary>Records security events into an organisation's ledger, for callers and for the server itself.</summary>
internal sealed class SecurityEventRecorder(EventAppender appender, TimeProvider time)
{
    /// <summary>The actor of events the server raises about itself.</summary>
    public const string SystemActor = "system";

    public Task<AppendedEvent> RecordAsync(
        string orgId, string actor, string? sourceIp, SecurityEventInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // The leaf carries milliseconds; truncating here makes the stored time and the hashed time identical.
        var recordedAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        var draft = new EventDraft(Ids.NewEventId(recordedAt), orgId, input.EventType, input.Severity, recordedAt,
            actor, sourceIp, input.Details);
        return appender.AppendAsync(draft, cancellationToken);
    }

    public Task<AppendedEvent> RecordSystemEventAsync(
        string orgId, string eventType, string severity, string? sourceIp,
        IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken)
    {
        var values = details
            .Select(pair => new KeyValuePair<string, JsonElement>(pair.Key, JsonSerializer.SerializeToElement(
                pair.Value, Contracts.MudbaseJsonContext.Default.String)))
            .ToList();
        return RecordAsync(orgId, SystemActor, sourceIp, new SecurityEventInput(eventType, severity, values), cancellationToken);
    }
}
