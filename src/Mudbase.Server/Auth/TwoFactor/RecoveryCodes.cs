using System.Security.Cryptography;
using Mudbase.Server.Common;

namespace Mudbase.Server.Auth.TwoFactor;

/// <summary>One-time recovery codes: shown once, stored as SHA-256 hashes, each accepted once.</summary>
internal static class RecoveryCodes
{
    public const int Count = 10;

    // No 0/o, 1/l/i: codes are read off paper.
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    /// <summary><see cref="Count"/> new codes shaped <c>xxxxx-xxxxx</c> (50 bits each).</summary>
    public static IReadOnlyList<string> Generate() =>
        Enumerable.Range(0, Count).Select(_ => RandomNumberGenerator.GetString(Alphabet, 5) + "-" + RandomNumberGenerator.GetString(Alphabet, 5))
            .ToList();

    /// <summary>The stored form, salted with the user id; case and dashes do not matter when typing a code back.</summary>
    public static string Hash(string userId, string code) => SecretHash.Of(userId + ":" + Normalize(code));

    private static string Normalize(string code) =>
        new(code.Where(c => c != '-' && !char.IsWhiteSpace(c)).Select(char.ToLowerInvariant).ToArray());
}
