using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Mudbase.Server.Common;

/// <summary>Prefixed, URL-safe, cryptographically random identifiers (DESIGN §1 "Identifiers").</summary>
internal static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    // 62^22 > 2^128, so every 16-byte value fits in 22 characters and fixed width keeps sort order.
    private const int Width = 22;
    private const string EventPrefix = "evt_";
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

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
            ids[i] = EventPrefix + Encode(bytes);
        }
        return ids;
    }

    /// <summary>
    /// The creation time an event id starts with (<see cref="NewEventIds"/>), in Unix milliseconds; false for a string
    /// that no clock could have produced as an event id: another prefix or length, a character outside the alphabet,
    /// more than 16 bytes, or a time past <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public static bool TryReadEventTime(string? id, out long unixMilliseconds)
    {
        unixMilliseconds = 0;
        if (id is null || id.Length != EventPrefix.Length + Width || !id.StartsWith(EventPrefix, StringComparison.Ordinal))
            return false;
        UInt128 value = 0;
        foreach (var c in id.AsSpan(EventPrefix.Length))
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0 || value > (UInt128.MaxValue - (uint)digit) / 62)
                return false;
            value = (value * 62) + (uint)digit;
        }
        var time = (long)(value >> 80);
        if (time > MaxUnixMilliseconds)
            return false;
        unixMilliseconds = time;
        return true;
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
