using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Mudbase.Server.Storage.Details;

/// <summary>
/// The stored encoding of an event's commitments (<c>events.commitments</c>) and of its erasable openings
/// (<c>event_details.secrets</c>), the one codec every writer and reader uses (docs/ARCHITECTURE.md "Data layout").
/// Both are a format byte (<see cref="Format"/>) followed by entries, each starting with the detail key as a
/// varint byte length and its UTF-8 bytes:
/// <list type="bullet">
/// <item>commitments: key, then the 32-byte SHA-256 commitment; in canonical (ordinal) key order;</item>
/// <item>openings: key, the 32-byte salt, then the value's JSON text as a varint byte length and its UTF-8 bytes,
/// exactly as received; in the order the details were sent. An event whose openings were all erased stores the
/// format byte alone (<see cref="NoOpenings"/>).</item>
/// </list>
/// The format byte is never <c>{</c>, so the JSON text the layout before schema version 14 stored is told apart.
/// </summary>
internal static class DetailCodec
{
    public const byte Format = 1;
    public const int DigestSize = 32;

    /// <summary>The stored openings of an event whose details were all erased, or that had none.</summary>
    public static byte[] NoOpenings => [Format];

    public static byte[] EncodeCommitments(IReadOnlyList<StoredCommitment> commitments)
    {
        var buffer = new ArrayBufferWriter<byte>(1 + commitments.Count * (DigestSize + 16));
        buffer.Write([Format]);
        foreach (var commitment in commitments)
        {
            WriteKey(buffer, commitment.Key);
            WriteFixed(buffer, commitment.Digest, "commitment");
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] EncodeOpenings(IReadOnlyList<StoredOpening> openings)
    {
        var buffer = new ArrayBufferWriter<byte>(1 + openings.Count * (DigestSize + 32));
        buffer.Write([Format]);
        foreach (var opening in openings)
        {
            WriteKey(buffer, opening.Key);
            WriteFixed(buffer, opening.Salt, "salt");
            WriteVarint(buffer, opening.Value.Length);
            buffer.Write(opening.Value.Span);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static List<StoredCommitment> DecodeCommitments(byte[] stored)
    {
        var result = new List<StoredCommitment>();
        var position = Start(stored);
        while (position < stored.Length)
        {
            var key = ReadKey(stored, ref position);
            result.Add(new StoredCommitment(key, Take(stored, ref position, DigestSize).ToArray()));
        }
        return result;
    }

    public static List<StoredOpening> DecodeOpenings(byte[] stored)
    {
        var result = new List<StoredOpening>();
        var position = Start(stored);
        while (position < stored.Length)
        {
            var key = ReadKey(stored, ref position);
            var salt = Take(stored, ref position, DigestSize).ToArray();
            var length = ReadVarint(stored, ref position);
            result.Add(new StoredOpening(key, salt, stored.AsMemory(position, length)));
            position += length;
        }
        return result;
    }

    /// <summary>The keys of stored commitments, without decoding the digests.</summary>
    public static List<string> CommitmentKeys(byte[] stored) => DecodeCommitments(stored).ConvertAll(c => c.Key);

    /// <summary>The stored openings without the given keys (GDPR erasure); the other entries are kept byte for byte.</summary>
    public static byte[] WithoutKeys(byte[] stored, IReadOnlyCollection<string> keys) =>
        EncodeOpenings(DecodeOpenings(stored).FindAll(o => !keys.Contains(o.Key)));

    /// <summary>A JSON value for an opening: the stored text parsed, as an element that outlives the call.</summary>
    public static JsonElement Value(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span);
        return JsonElement.ParseValue(ref reader);
    }

    private static int Start(byte[] stored)
    {
        if (stored.Length == 0 || stored[0] != Format)
            throw new InvalidDataException($"Stored details start with byte {(stored.Length == 0 ? "(none)" : stored[0].ToString("x2", System.Globalization.CultureInfo.InvariantCulture))}, not format {Format}");
        return 1;
    }

    private static void WriteKey(ArrayBufferWriter<byte> buffer, string key)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        WriteVarint(buffer, length);
        Encoding.UTF8.GetBytes(key, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static string ReadKey(byte[] stored, ref int position)
    {
        var length = ReadVarint(stored, ref position);
        return Encoding.UTF8.GetString(Take(stored, ref position, length));
    }

    private static void WriteFixed(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> value, string what)
    {
        if (value.Length != DigestSize)
            throw new ArgumentException($"A {what} is {DigestSize} bytes, not {value.Length}");
        buffer.Write(value);
    }

    private static ReadOnlySpan<byte> Take(byte[] stored, ref int position, int length)
    {
        if (length < 0 || length > stored.Length - position)
            throw new InvalidDataException("Stored details end inside an entry");
        var span = stored.AsSpan(position, length);
        position += length;
        return span;
    }

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, int value)
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

    private static int ReadVarint(byte[] stored, ref int position)
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
