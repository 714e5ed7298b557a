using Mudbase.Server.Common;

namespace Mudbase.Server.ApiKeys;

/// <summary>The <c>mudbase_sk_live_…</c> secret format: 32 random bytes, base64url, after a fixed marker.</summary>
internal static class ApiKeySecret
{
    public const string Marker = "mudbase_sk_live_";
    public const int PrefixLength = 8;
    // Bounds the work an attacker can make us do hashing arbitrary header values.
    private const int MaxLength = 128;
    private const int MinLength = 24;

    public static string New() => Ids.NewSecret(Marker);

    /// <summary>The part shown in listings so people can tell their keys apart; too short to be guessed from.</summary>
    public static string PrefixOf(string secret) => secret.Substring(Marker.Length, PrefixLength);

    public static bool IsWellFormed(string? value) =>
        value is not null && value.Length is > MinLength and <= MaxLength && value.StartsWith(Marker, StringComparison.Ordinal);
}
