using System.Collections.Concurrent;
using System.Text.Json;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts.Rules;

/// <summary>An organisation's rules: seeded with the defaults the first time they are needed, parsed from storage.</summary>
internal sealed class RuleCatalog(IRuleStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, byte> ensured = new(StringComparer.Ordinal);

    public async Task EnsureAsync(string orgId, CancellationToken cancellationToken)
    {
        if (ensured.ContainsKey(orgId))
            return;
        var now = time.GetUtcNow();
        await store.EnsureOrgAsync(orgId, RuleDefaults.For(orgId, now), now, cancellationToken);
        ensured.TryAdd(orgId, 0);
    }

    public async Task<IReadOnlyList<RuleRecord>> ListAsync(string orgId, CancellationToken cancellationToken)
    {
        await EnsureAsync(orgId, cancellationToken);
        return await store.ListAsync(orgId, cancellationToken);
    }

    public static RuleDefinition Parse(RuleRecord record) =>
        JsonSerializer.Deserialize(record.Definition, RulesJsonContext.Default.RuleDefinition)
            ?? throw new InvalidDataException($"Rule {record.Id} has no definition");

    public static string Serialize(RuleDefinition rule) => JsonSerializer.Serialize(rule, RulesJsonContext.Default.RuleDefinition);

    public static RuleView View(RuleRecord record)
    {
        var rule = Parse(record);
        return new RuleView(record.Id, rule.Name, rule.Description, rule.Enabled, rule.Match, rule.GroupBy, rule.Threshold,
            rule.WindowSeconds, rule.Emit, record.BuiltIn, record.CreatedAt, record.UpdatedAt);
    }
}
