using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Compliance;

internal static class SecurityEventViews
{
    public static SecurityEventView ToView(StoredEvent stored)
    {
        var read = EventDetails.Read(stored.Commitments, stored.Secrets);
        var details = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var opened in read.Opened)
            details[opened.Key] = DetailCodec.Value(opened.Value);
        var erased = read.ErasedKeys.ToList();
        return new SecurityEventView(
            stored.Id, stored.EventType, stored.Severity, details, stored.Actor, stored.Source, stored.RecordedAt,
            stored.Sequence, stored.Sequence - 1, Convert.ToBase64String(stored.LeafHash), erased.Count > 0 ? erased : null);
    }
}
