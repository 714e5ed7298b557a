using System.Buffers;
using System.Globalization;
using System.Text;

namespace Mudbase.Server.Storage.Details;

/// <summary>The pieces every stored details layout is made of: a format byte, varint lengths, keys and fixed 32-byte fields.</summary>
internal static class DetailBytes
{
    public const int DigestSize = 32;

    /// <summary>Checks the format byte and returns the position after it.</summary>
    public static int Start(byte[] stored, byte format)
    {
        if (stored.Length == 0 || stored[0] != format)
            throw new InvalidDataException($"Stored details start with byte {(stored.Length == 0 ? "(none)" : stored[0].ToString("x2", CultureInfo.InvariantCulture))}, not format {format}");
        return 1;
    }

    public static void WriteKey(ArrayBufferWriter<byte> buffer, string key)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        WriteVarint(buffer, length);
        Encoding.UTF8.GetBytes(key, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    public static string ReadKey(byte[] stored, ref int position)
    {
        var length = ReadVarint(stored, ref position);
        return Encoding.UTF8.GetString(Take(stored, ref position, length));
    }

    public static void WriteFixed(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> value, string what)
    {
        if (value.Length != DigestSize)
            throw new ArgumentException($"A {what} is {DigestSize} bytes, not {value.Length}");
        buffer.Write(value);
    }

    public static byte[] ReadFixed(byte[] stored, ref int position) => Take(stored, ref position, DigestSize).ToArray();

    /// <summary>A value's JSON text, preceded by its varint length.</summary>
    public static void WriteValue(ArrayBufferWriter<byte> buffer, ReadOnlyMemory<byte> value)
    {
        WriteVarint(buffer, value.Length);
        buffer.Write(value.Span);
    }

    public static ReadOnlyMemory<byte> ReadValue(byte[] stored, ref int position)
    {
        var length = ReadVarint(stored, ref position);
        Take(stored, ref position, length);
        return stored.AsMemory(position - length, length);
    }

    public static ReadOnlySpan<byte> Take(byte[] stored, ref int position, int length)
    {
        if (length < 0 || length > stored.Length - position)
            throw new InvalidDataException("Stored details end inside an entry");
        var span = stored.AsSpan(position, length);
        position += length;
        return span;
    }

    public static void WriteVarint(ArrayBufferWriter<byte> buffer, int value)
    {
        var span = buffer.GetSpan(5);
        var written = 0;
        var rest = (uint)value;
        while (rest >= 0x80)
        {
            span[written++] = (byte)(rest | 0x80);
            rest >>= 7;
        }
        span[written++] = (byte)rest;
        buffer.Advance(written);
    }

    public static int ReadVarint(byte[] stored, ref int position)
    {
        var value = 0;
        for (var shift = 0; shift < 32; shift += 7)
        {
            if (position >= stored.Length)
                throw new InvalidDataException("Stored details end inside a length");
            var b = stored[position++];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
        throw new InvalidDataException("Stored details hold a length of more than five bytes");
    }
}
