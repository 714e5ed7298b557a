using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Mudbase.Ledger;

/// <summary>
/// Derives the salt of each detail of an event from one random per-event secret, so a store keeps 32 bytes per event
/// instead of 32 per detail: <c>salt = HKDF-Expand-SHA256(PRK = secret, info = "mudbase detail salt" ‖ 0x00 ‖
/// UTF-8(key), L = 32)</c> (RFC 5869 §2.3; the secret is already uniformly random, so the extract step is skipped, §3.3).
/// For a 32-byte output that is <c>HMAC-SHA256(secret, info ‖ 0x01)</c>, which is how it is computed here: two short
/// SHA-256 runs instead of the framework's per-call HMAC set-up. Knowing the salts of some keys tells nothing about
/// the salt of another key, so handing out one detail's salt never opens a different detail.
/// </summary>
public static class DetailSalt
{
    /// <summary>The per-event secret's length in bytes.</summary>
    public const int SecretSize = 32;

    private const int BlockSize = 64;
    private const int MaxStackInfo = 256;
    private static readonly byte[] Label = "mudbase detail salt\0"u8.ToArray();

    /// <summary>Draws a fresh per-event secret from the operating system's cryptographic random number generator.</summary>
    /// <returns>A new 32-byte secret.</returns>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretSize);

    /// <summary>The salt of detail <paramref name="key"/> of the event whose secret is <paramref name="secret"/>.</summary>
    /// <param name="secret">The event's 32-byte secret.</param>
    /// <param name="key">The detail key.</param>
    /// <returns>The 32-byte salt.</returns>
    /// <exception cref="ArgumentException">The secret is not 32 bytes.</exception>
    public static byte[] Derive(ReadOnlySpan<byte> secret, string key)
    {
        var salt = new byte[Commitment.SaltSize];
        Derive(secret, key, salt);
        return salt;
    }

    /// <summary>Writes the salt of detail <paramref name="key"/> into <paramref name="salt"/> (32 bytes).</summary>
    /// <param name="secret">The event's 32-byte secret.</param>
    /// <param name="key">The detail key.</param>
    /// <param name="salt">Where the salt goes.</param>
    /// <exception cref="ArgumentException">The secret is not 32 bytes, or the destination is shorter than 32.</exception>
    public static void Derive(ReadOnlySpan<byte> secret, string key, Span<byte> salt)
    {
        CheckSecret(secret);
        Span<byte> pad = stackalloc byte[BlockSize];
        Span<byte> inner = stackalloc byte[MerkleHash.Size];
        var info = new Info(key, stackalloc byte[MaxStackInfo]);
        try
        {
            Pad(secret, pad, 0x36);
            ShortSha256.Hash(pad, info.Bytes, inner);
            Pad(secret, pad, 0x5c);
            ShortSha256.Hash(pad, inner, salt);
        }
        finally
        {
            // The padded key is the secret in another form.
            CryptographicOperations.ZeroMemory(pad);
            CryptographicOperations.ZeroMemory(inner);
            info.Dispose();
        }
    }

    /// <summary>
    /// Writes the salts of details <paramref name="keys"/> of one event into <paramref name="salts"/>, 32 bytes each
    /// in the keys' order: the same salts as one <see cref="Derive(ReadOnlySpan{byte}, string, Span{byte})"/> per key,
    /// with the secret's two HMAC key blocks compressed once for all of them instead of once per key.
    /// </summary>
    /// <param name="secret">The event's 32-byte secret.</param>
    /// <param name="keys">The detail keys.</param>
    /// <param name="salts">Where the salts go: at least 32 bytes per key.</param>
    /// <exception cref="ArgumentException">The secret is not 32 bytes, or the destination is too short.</exception>
    public static void Derive(ReadOnlySpan<byte> secret, ReadOnlySpan<string> keys, Span<byte> salts)
    {
        CheckSecret(secret);
        if (salts.Length < keys.Length * Commitment.SaltSize)
        {
            throw new ArgumentException($"The destination must hold {Commitment.SaltSize} bytes per key.", nameof(salts));
        }

        Span<byte> pad = stackalloc byte[BlockSize];
        Span<byte> innerState = stackalloc byte[ShortSha256.StateSize];
        Span<byte> outerState = stackalloc byte[ShortSha256.StateSize];
        Span<byte> inner = stackalloc byte[MerkleHash.Size];
        Span<byte> infoOnStack = stackalloc byte[MaxStackInfo];
        try
        {
            Pad(secret, pad, 0x36);
            ShortSha256.Absorb(pad, innerState);
            Pad(secret, pad, 0x5c);
            ShortSha256.Absorb(pad, outerState);
            for (var i = 0; i < keys.Length; i++)
            {
                var info = new Info(keys[i], infoOnStack);
                try
                {
                    ShortSha256.HashFrom(innerState, info.Bytes, inner);
                }
                finally
                {
                    info.Dispose();
                }

                ShortSha256.HashFrom(outerState, inner, salts.Slice(i * Commitment.SaltSize, Commitment.SaltSize));
            }
        }
        finally
        {
            // The padded key and the states hashed from it are the secret in another form.
            CryptographicOperations.ZeroMemory(pad);
            CryptographicOperations.ZeroMemory(innerState);
            CryptographicOperations.ZeroMemory(outerState);
            CryptographicOperations.ZeroMemory(inner);
        }
    }

    private static void CheckSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SecretSize)
        {
            throw new ArgumentException($"A detail secret is {SecretSize} bytes.", nameof(secret));
        }
    }

    private static void Pad(ReadOnlySpan<byte> secret, Span<byte> block, byte with)
    {
        block.Fill(with);
        for (var i = 0; i < secret.Length; i++)
        {
            block[i] ^= secret[i];
        }
    }

    // HKDF's info for one key: the label, the key in UTF-8 and the block counter 0x01; on the stack unless long.
    private readonly ref struct Info
    {
        private readonly byte[]? rented;

        public Info(string key, Span<byte> stack)
        {
            ArgumentNullException.ThrowIfNull(key);
            var length = Label.Length + Encoding.UTF8.GetByteCount(key) + 1;
            rented = length > stack.Length ? ArrayPool<byte>.Shared.Rent(length) : null;
            var bytes = rented is null ? stack[..length] : rented.AsSpan(0, length);
            Label.CopyTo(bytes);
            var written = Encoding.UTF8.GetBytes(key, bytes[Label.Length..]);
            bytes[Label.Length + written] = 0x01;
            Bytes = bytes;
        }

        public ReadOnlySpan<byte> Bytes { get; }

        public void Dispose()
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
