using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Compliance;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Gdpr;

/// <summary>The ledger events that make erasures and legal holds auditable. They never carry a raw subject id.</summary>
internal sealed class PrivacyEvents(SecurityEventRecorder recorder)
{
    public const string ErasureCompleted = "data_erasure_completed";
    public const string HoldPlaced = "legal_hold_placed";
    public const string HoldReleased = "legal_hold_released";

    public Task<AppendedEvent> ErasureAsync(ErasureRecord record, string? sourceIp, CancellationToken cancellationToken) =>
        AppendAsync(record.OrgId, record.RequestedBy, sourceIp, ErasureCompleted, Severities.Medium, new()
        {
            ["erasureId"] = record.Id,
            ["scope"] = record.Scope,
            ["subjectHash"] = record.SubjectHash,
            ["events"] = record.Events,
            ["details"] = record.Details,
            ["heldBack"] = record.HeldBack,
        }, cancellationToken);

    public Task<AppendedEvent> HoldAsync(
        string eventType, LegalHoldRecord hold, string? subjectHash, string actor, string? sourceIp, CancellationToken cancellationToken) =>
        AppendAsync(hold.OrgId, actor, sourceIp, eventType, Severities.Medium, new()
        {
            ["holdId"] = hold.Id,
            ["subjectHash"] = subjectHash,
            ["from"] = hold.From?.ToString("O"),
            ["to"] = hold.To?.ToString("O"),
            ["reason"] = hold.Reason,
        }, cancellationToken);

    private Task<AppendedEvent> AppendAsync(
        string orgId, string actor, string? sourceIp, string eventType, string severity, Dictionary<string, object?> details,
        CancellationToken cancellationToken)
    {
        var values = details.Where(pair => pair.Value is not null)
            .Select(pair => new KeyValuePair<string, JsonElement>(pair.Key, pair.Value switch
            {
                long number => JsonSerializer.SerializeToElement(number, MudbaseJsonContext.Default.Int64),
                _ => JsonSerializer.SerializeToElement((string)pair.Value!, MudbaseJsonContext.Default.String),
            }))
            .ToList();
        return recorder.RecordAsync(orgId, actor, sourceIp, new SecurityEventInput(eventType, severity, values), cancellationToken);
    }
}
