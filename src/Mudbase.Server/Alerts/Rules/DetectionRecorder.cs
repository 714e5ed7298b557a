using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Server.Compliance;
using Mudbase.Server.Compliance.Idempotency;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts.Rules;

/// <summary>
/// Appends a detection to the organisation's ledger through the ordinary append path, claiming an idempotency key
/// named after the detection in the same transaction: a detection evaluated twice (after a crash, or by a second
/// node) is recorded once.
/// </summary>
internal sealed class DetectionRecorder(SecurityEventRecorder recorder, TimeProvider time, IOptions<IdempotencyOptions> idempotency)
{
    public async Task RecordAsync(string orgId, Detection detection, CancellationToken cancellationToken)
    {
        var draft = recorder.DraftAll(orgId, RuleEngine.Actor, null, [Input(detection)])[0];
        var now = time.GetUtcNow();
        var answer = JsonSerializer.Serialize(draft.Id, MudbaseJsonContext.Default.String);
        draft.Claim = new IdempotencyClaim(new IdempotencyScope(orgId, RuleEngine.Actor, detection.Key),
            new IdempotencyRecord(SHA256.HashData(Encoding.UTF8.GetBytes(detection.Key)), StatusCodes.Status200OK, answer, now,
                now + idempotency.Value.Retention));
        await recorder.RecordAllAsync([draft], cancellationToken);
    }

    public static SecurityEventInput Input(Detection detection)
    {
        var rule = detection.Rule;
        var details = new List<KeyValuePair<string, JsonElement>>
        {
            Text("ruleId", detection.RuleId),
            Text("rule", rule.Name),
            Text("triggeringSequences", string.Join(',', detection.Sequences.Select(s => s.ToString(CultureInfo.InvariantCulture)))),
            Number("firstSequence", detection.Sequences[0]),
            Number("lastSequence", detection.Sequences[^1]),
            Number("count", detection.Sequences.Count),
            Number("windowSeconds", rule.WindowSeconds),
        };
        if (rule.GroupBy is { } key)
        {
            details.Add(Text("groupBy", key));
            if (details.All(pair => pair.Key != key))
                details.Add(Text(key, detection.Group));
        }
        return new SecurityEventInput(rule.Emit.EventType, rule.Emit.Severity, details);
    }

    private static KeyValuePair<string, JsonElement> Text(string key, string value) =>
        new(key, JsonSerializer.SerializeToElement(value, MudbaseJsonContext.Default.String));

    private static KeyValuePair<string, JsonElement> Number(string key, long value) =>
        new(key, JsonSerializer.SerializeToElement(value, MudbaseJsonContext.Default.Int64));
}
