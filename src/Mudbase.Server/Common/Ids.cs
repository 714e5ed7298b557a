using System.Buffers;
using System.Buffers.Binary;

namespace Mudbase.Server.Common;

/// <summary>Prefixed, URL-safe, cryptographically random identifiers (DESIGN §1 "Identifiers").</summary>
internal static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    // 62^22 > 2^128, so every 16-byte value fits in 22 characters and fixed width keeps sort order.
    private const int Width = 22;
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private const string EventPrefix = "evt_";
    private const int EventRandomBytes = 10;

    /// <summary>
    /// An event id whose first 6 bytes are the millisecond time, so ids sort by creation; the rest is random. Allocates
    /// only the id itself.
    /// </summary>
    public static string NewEventId(DateTimeOffset now)
    {
        Span<byte> random = stackalloc byte[EventRandomBytes];
        RandomReserve.Fill(random);
        return EventId(now.ToUnixTimeMilliseconds(), random);
    }

    /// <summary>
    /// <paramref name="count"/> event ids of one moment, their random parts drawn from the system generator at once
    /// (a batch's thousand draws cost more than its thousand ids; a smaller batch takes them from the reserve).
    /// </summary>
    public static string[] NewEventIds(DateTimeOffset now, int count)
    {
        var length = count * EventRandomBytes;
        var random = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            RandomReserve.Fill(random.AsSpan(0, length));
            var milliseconds = now.ToUnixTimeMilliseconds();
            var ids = new string[count];
            for (var i = 0; i < count; i++)
                ids[i] = EventId(milliseconds, random.AsSpan(i * EventRandomBytes, EventRandomBytes));
            return ids;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(random);
        }
    }

    // 6 bytes of time, then 10 random bytes, as one 128-bit number.
    private static string EventId(long unixMilliseconds, ReadOnlySpan<byte> random)
    {
        Span<byte> bytes = stackalloc byte[16];
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, unixMilliseconds);
        time[2..].CopyTo(bytes);
        random.CopyTo(bytes[6..]);
        return Prefixed(EventPrefix, BinaryPrimitives.ReadUInt128BigEndian(bytes));
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

    /// <summary>
    /// A UUIDv7 (RFC 9562): the millisecond time, then 74 random bits from <see cref="RandomReserve"/>, where
    /// <see cref="Guid.CreateVersion7()"/> reads the system generator once per call (a system call per request).
    /// </summary>
    public static Guid NewUuidV7(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], now.ToUnixTimeMilliseconds() << 16);
        RandomReserve.Fill(bytes[6..]);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomReserve.Fill(bytes);
        return Prefixed(prefix + "_", BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>A secret token: 32 random bytes, base64url.</summary>
    public static string NewSecret(string prefix)
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomReserve.Fill(bytes);
        return prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    internal static string Encode(ReadOnlySpan<byte> bytes) => Prefixed("", BinaryPrimitives.ReadUInt128BigEndian(bytes));

    // The prefix and the value's fixed-width base62 digits, written straight into the one new string.
    private static string Prefixed(string prefix, UInt128 value) =>
        string.Create(prefix.Length + Width, (prefix, value), static (chars, state) =>
        {
            state.prefix.CopyTo(chars);
            // UInt128 rather than BigInteger: every event id is encoded on the request path, and this allocates nothing.
            var rest = state.value;
            var digits = chars[state.prefix.Length..];
            for (var i = Width - 1; i >= 0; i--)
            {
                (rest, var digit) = UInt128.DivRem(rest, 62);
                digits[i] = Alphabet[(int)digit];
            }
        });
}
