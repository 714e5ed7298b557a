using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mudbase.Ledger;

/// <summary>
/// Salted hash commitments to detail values: base64(SHA-256(salt ‖ canonical JSON of the value)).
/// The ledger holds only the commitment, so deleting the value and its salt erases the data
/// while every proof over the ledger still verifies.
/// </summary>
public static class Commitment
{
    /// <summary>The salt length in bytes; 256 bits stop anyone guessing low-entropy values from the commitment.</summary>
    public const int SaltSize = 32;

    /// <summary>Draws a fresh salt from the operating system's cryptographic random number generator.</summary>
    /// <returns>A new 32-byte salt.</returns>
    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltSize);

    /// <summary>Commits to a value.</summary>
    /// <param name="salt">The value's own 32-byte salt.</param>
    /// <param name="value">The value.</param>
    /// <returns>The commitment, 44 characters of base64.</returns>
    /// <exception cref="ArgumentException">The salt is not 32 bytes, or the value has no canonical JSON form.</exception>
    public static string Compute(ReadOnlySpan<byte> salt, JsonElement value)
    {
        // Every detail of every event is committed on the ingest path: the canonical bytes go to this thread's reused
        // writer and the digest to the stack, so the commitment text is the only allocation.
        var writer = CanonicalJsonWriter.Rent();
        try
        {
            CanonicalJson.Write(writer, value);
            CheckSalt(salt);
            Span<byte> digest = stackalloc byte[MerkleHash.Size];
            Digest(salt, writer.WrittenSpan, digest);
            return Convert.ToBase64String(digest);
        }
        finally
        {
            CanonicalJsonWriter.Return(writer);
        }
    }

    /// <summary>Commits to a value given as a JSON node.</summary>
    /// <param name="salt">The value's own 32-byte salt.</param>
    /// <param name="value">The value; null commits to the JSON literal null.</param>
    /// <returns>The commitment, 44 characters of base64.</returns>
    /// <exception cref="ArgumentException">The salt is not 32 bytes, or the value has no canonical JSON form.</exception>
    public static string Compute(ReadOnlySpan<byte> salt, JsonNode? value) =>
        Convert.ToBase64String(Digest(salt, CanonicalJson.Serialize(value)));

    /// <summary>Checks that a commitment was made to this value with this salt, in constant time.</summary>
    /// <param name="commitment">The commitment from the ledger.</param>
    /// <param name="salt">The salt kept with the value.</param>
    /// <param name="value">The value.</param>
    /// <returns>True when they match; false for any mismatch or malformed input.</returns>
    public static bool Verify(string commitment, ReadOnlySpan<byte> salt, JsonElement value)
    {
        if (commitment is null || salt.Length != SaltSize
            || !StrictBase64.TryDecode(commitment, out var expected) || expected.Length != SHA256.HashSizeInBytes)
        {
            return false;
        }

        byte[] canonical;
        try
        {
            canonical = CanonicalJson.Serialize(value);
        }
        catch (ArgumentException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Digest(salt, canonical), expected);
    }

    /// <summary>SHA-256(<paramref name="salt"/> ‖ <paramref name="canonical"/>) into <paramref name="destination"/>.</summary>
    /// <remarks>Hashed in two parts, so the salt is never copied into a buffer that would have to be wiped.</remarks>
    internal static void Digest(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> canonical, Span<byte> destination) =>
        ShortSha256.Hash(salt, canonical, destination);

    private static void CheckSalt(ReadOnlySpan<byte> salt)
    {
        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"A salt is {SaltSize} bytes.", nameof(salt));
        }
    }

    private static byte[] Digest(ReadOnlySpan<byte> salt, byte[] canonical)
    {
        CheckSalt(salt);
        var digest = new byte[MerkleHash.Size];
        Digest(salt, canonical, digest);
        return digest;
    }
}
