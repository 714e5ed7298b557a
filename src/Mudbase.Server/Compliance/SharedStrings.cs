using Mudbase.Contracts;

namespace Mudbase.Server.Compliance;

/// <summary>
/// The strings nearly every event repeats (catalogue types, severities, the named detail keys): a parsed copy is
/// swapped for one shared instance, so a queued batch keeps one string per value instead of one per event until it
/// commits (each kept copy outlives the young generation and is copied by the garbage collector).
/// </summary>
internal static class SharedStrings
{
    private static readonly HashSet<string> Known = new(
        [.. SecurityEventTypes.All, .. Severities.All, "userId", "resource", "ipAddress", "userAgent", "action", "reason"],
        StringComparer.Ordinal);

    public static string Share(string value) => Known.TryGetValue(value, out var shared) ? shared : value;
}
