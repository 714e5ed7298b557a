using System.Text.Json;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Compliance;

/// <summary>Records security events into an organisation's ledger, for callers and for the server itself.</summary>
internal sealed class SecurityEventRecorder(EventAppender appender, TimeProvider time)
{
    /// <summary>The actor of events the server raises about itself.</summary>
    public const string SystemActor = "system";

    public Task<AppendedEvent> RecordAsync(
        string orgId, string actor, string? sourceIp, SecurityEventInput input, CancellationToken cancellationToken) =>
        appender.AppendAsync(Draft(orgId, actor, sourceIp, input, Now()), cancellationToken);

    /// <summary>The drafts of a caller's request, ids assigned, ready for <see cref="RecordAllAsync"/>.</summary>
    public IReadOnlyList<EventDraft> DraftAll(string orgId, string actor, string? sourceIp, IReadOnlyList<SecurityEventInput> inputs)
    {
        var now = Now();
        var ids = Ids.NewEventIds(now, inputs.Count);
        var drafts = new EventDraft[inputs.Count];
        for (var i = 0; i < drafts.Length; i++)
            drafts[i] = Draft(ids[i], orgId, actor, sourceIp, inputs[i], now);
        return drafts;
    }

    /// <summary>Records every draft in one transaction: all are committed or none.</summary>
    public Task<IReadOnlyList<AppendedEvent>> RecordAllAsync(IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken) =>
        appender.AppendAllAsync(drafts, cancellationToken);

    // The leaf carries milliseconds; truncating here makes the stored time and the hashed time identical.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    private static EventDraft Draft(string orgId, string actor, string? sourceIp, SecurityEventInput input, DateTimeOffset recordedAt) =>
        Draft(Ids.NewEventId(recordedAt), orgId, actor, sourceIp, input, recordedAt);

    private static EventDraft Draft(string id, string orgId, string actor, string? sourceIp, SecurityEventInput input, DateTimeOffset recordedAt) =>
        new(id, orgId, input.EventType, input.Severity, recordedAt, actor, sourceIp, input.Details);

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
