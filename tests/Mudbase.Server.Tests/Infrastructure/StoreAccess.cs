using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Tests.Infrastructure;

public static class StoreAccess
{
    /// <summary>Every event of an organisation, read straight from the store by sequence.</summary>
    internal static async Task<IReadOnlyList<StoredEvent>> GetStoredEventsAsync(this IServiceProvider services, string orgId)
    {
        var store = services.GetRequiredService<IEventStore>();
        var events = new List<StoredEvent>();
        await foreach (var stored in store.ReadRangeAsync(orgId, 1, long.MaxValue, CancellationToken.None))
            events.Add(stored);
        return events;
    }
}
