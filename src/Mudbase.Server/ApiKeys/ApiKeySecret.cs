using Mudbase.Server.Common;

namespace Mudbase.Server.ApiKeys;

/// <summary>The <c>mudbase_sk_live_…</c> secret format: 32 random bytes, base64url, after a fixed marker.</summary>
internal static class ApiKeySecret
{
    public const string Marker = "mudbase_sk_live_";
    public const int PrefixLength = 8;
    // Anything outside these bounds is refused before it is hashed or looked up; the upper one bounds the
    // work a caller can make us do with arbitrary header values.
    private const int MinLength = 24;
    private const int MaxLength = 128;

    public static string New() => Ids.NewSecret(Marker);

    /// <summary>8 of the 43 random characters, shown in listings to tell keys apart; the other 35 keep the key unguessable.</summary>
    public static string PrefixOf(string secret) => secret.Substring(Marker.Length, PrefixLength);

    public static bool IsWellFormed(string? value) =>
        value is not null && value.Length is > MinLength and <= MaxLength && value.StartsWith(Marker, StringComparison.Ordinal);
}
