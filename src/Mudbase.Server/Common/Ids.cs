using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Mudbase.Server.Common;

/// <summary>Prefixed, URL-safe, cryptographically random identifiers (DESIGN §1 "Identifiers").</summary>
internal static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    // 62^22 > 2^128, so every 16-byte value fits in 22 characters and fixed width keeps sort order.
    private const int Width = 22;

    /// <summary>An event id whose first 6 bytes are the millisecond time, so ids sort by creation; the rest is random.</summary>
    public static string NewEventId(DateTimeOffset now) => NewEventIds(now, 1)[0];

    /// <summary>
    /// <paramref name="count"/> event ids of one moment, their random parts drawn from the system generator at once
    /// (a batch's thousand draws cost more than its thousand ids).
    /// </summary>
    public static string[] NewEventIds(DateTimeOffset now, int count)
    {
        const int RandomBytes = 10;
        var random = new byte[count * RandomBytes];
        RandomNumberGenerator.Fill(random);
        Span<byte> bytes = stackalloc byte[16];
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, now.ToUnixTimeMilliseconds());
        time[2..].CopyTo(bytes);
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            random.AsSpan(i * RandomBytes, RandomBytes).CopyTo(bytes[6..]);
            ids[i] = "evt_" + Encode(bytes);
        }
        return ids;
    }

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return prefix + "_" + Encode(bytes);
    }

    /// <summary>A secret token: 32 random bytes, base64url.</summary>
    public static string NewSecret(string prefix)
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    internal static string Encode(ReadOnlySpan<byte> bytes)
    {
        // UInt128 rather than BigInteger: every event id is encoded on the request path, and this allocates nothing.
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        Span<char> chars = stackalloc char[Width];
        for (var i = Width - 1; i >= 0; i--)
        {
            (value, var digit) = UInt128.DivRem(value, 62);
            chars[i] = Alphabet[(int)digit];
        }
        return new string(chars);
    }
}
