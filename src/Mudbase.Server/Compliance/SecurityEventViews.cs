using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance;

internal static class SecurityEventViews
{
    public static SecurityEventView ToView(StoredEvent stored)
    {
        var details = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (stored.Secrets is not null)
        {
            using var secrets = JsonDocument.Parse(stored.Secrets);
            foreach (var property in secrets.RootElement.EnumerateObject())
                details[property.Name] = property.Value.GetProperty("value").Clone();
        }
        using var commitments = JsonDocument.Parse(stored.Commitments);
        var erased = commitments.RootElement.EnumerateObject()
            .Select(p => p.Name)
            .Where(name => !details.ContainsKey(name))
            .ToList();
        return new SecurityEventView(
            stored.Id, stored.EventType, stored.Severity, details, stored.Actor, stored.Source, stored.RecordedAt,
            stored.Sequence, stored.Sequence - 1, Convert.ToBase64String(stored.LeafHash), erased.Count > 0 ? erased : null);
    }
}
