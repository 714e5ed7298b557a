using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Compliance;

internal static class SecurityEventViews
{
    public static SecurityEventView ToView(StoredEvent stored)
    {
        var details = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (stored.Secrets is not null)
        {
            foreach (var opening in DetailCodec.DecodeOpenings(stored.Secrets))
                details[opening.Key] = DetailCodec.Value(opening.Value);
        }
        var erased = DetailCodec.CommitmentKeys(stored.Commitments)
            .Where(name => !details.ContainsKey(name))
            .ToList();
        return new SecurityEventView(
            stored.Id, stored.EventType, stored.Severity, details, stored.Actor, stored.Source, stored.RecordedAt,
            stored.Sequence, stored.Sequence - 1, Convert.ToBase64String(stored.LeafHash), erased.Count > 0 ? erased : null);
    }
}
