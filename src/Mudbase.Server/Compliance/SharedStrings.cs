using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Mudbase.Contracts;

namespace Mudbase.Server.Compliance;

/// <summary>
/// The strings nearly every event repeats (catalogue types, severities, the named detail keys): recognised in the
/// request's raw UTF-8 and answered as one shared instance, so a queued batch allocates and keeps no string of its own
/// for them (each kept copy would outlive the young generation and be copied by the garbage collector).
/// </summary>
internal static class SharedStrings
{
    private static readonly string[] Known =
        [.. SecurityEventTypes.All, .. Severities.All, "userId", "resource", "ipAddress", "userAgent", "action", "reason"];

    private static readonly byte[][] KnownUtf8 = [.. Known.Select(Encoding.UTF8.GetBytes)];

    /// <summary>The shared instance of a JSON string value, when it is a known one written without escapes.</summary>
    public static bool TryShare(JsonElement value, out string shared)
    {
        shared = "";
        if (value.ValueKind != JsonValueKind.String)
            return false;
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return TryMatch(raw[1..^1], out shared);
    }

    /// <summary>The property's name: the shared instance when it is a known one written without escapes, else decoded.</summary>
    public static string NameOf(JsonProperty property) =>
        TryMatch(JsonMarshal.GetRawUtf8PropertyName(property), out var shared) ? shared : property.Name;

    // An escaped spelling never matches, its backslash is in the raw bytes: the caller then decodes it as before.
    private static bool TryMatch(ReadOnlySpan<byte> utf8, out string shared)
    {
        for (var i = 0; i < KnownUtf8.Length; i++)
        {
            if (utf8.SequenceEqual(KnownUtf8[i]))
            {
                shared = Known[i];
                return true;
            }
        }
        shared = "";
        return false;
    }
}
