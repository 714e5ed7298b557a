using System.Buffers;
using static Mudbase.Server.Storage.Details.DetailBytes;

namespace Mudbase.Server.Storage.Details;

/// <summary>
/// The details row of an event written since the derived layout (<see cref="DetailCodec.Derived"/>), and the explicit
/// form erasure rewrites it into (<see cref="DetailCodec.Explicit"/>, <see cref="DetailCodec.AllErased"/>):
/// <code>
/// derived     02 | secret (32 bytes) | varint len · key · varint len · value JSON | …      order sent; 02 alone: no details
/// explicit    03 | varint len · key · salt (32 bytes) · varint len · value JSON | …       an open detail
///                | varint len · key · commitment (32 bytes) · 00 | …                     an erased one (a value is never empty)
/// all erased  04 | the same entries, none of them open
/// </code>
/// The events row of such an event stores <see cref="Marker"/>: its commitments are recomputed from salt and value, or
/// read from the explicit form.
/// </summary>
internal static class DerivedDetails
{
    /// <summary>What <c>events.commitments</c> holds for an event whose details row has one of these layouts.</summary>
    public static byte[] Marker => [DetailCodec.Derived];

    /// <summary>
    /// The details row of an event. <paramref name="scratch"/>, when given, is written into (a caller's reused buffer)
    /// and wiped afterwards, since it held the secret; the row is copied out once.
    /// </summary>
    public static byte[] Encode(
        ReadOnlySpan<byte> secret, IReadOnlyList<(string Key, ReadOnlyMemory<byte> Value)> details, ArrayBufferWriter<byte>? scratch = null)
    {
        if (details.Count == 0)
            return [DetailCodec.Derived];
        var buffer = scratch ?? new ArrayBufferWriter<byte>(1 + DigestSize + details.Count * 32);
        try
        {
            buffer.Write([DetailCodec.Derived]);
            WriteFixed(buffer, secret, "detail secret");
            for (var i = 0; i < details.Count; i++)
            {
                WriteKey(buffer, details[i].Key);
                WriteValue(buffer, details[i].Value);
            }
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // Clear wipes what was written, not only the count.
            buffer.Clear();
        }
    }

    public static (byte[]? Secret, List<StoredDetail> Details) Decode(byte[] stored)
    {
        var position = Start(stored, DetailCodec.Derived);
        var details = new List<StoredDetail>();
        if (position == stored.Length)
            return (null, details);
        var secret = ReadFixed(stored, ref position);
        while (position < stored.Length)
        {
            var key = ReadKey(stored, ref position);
            var value = ReadValue(stored, ref position);
            if (value.IsEmpty)
                throw new InvalidDataException($"Stored detail '{key}' has an empty value");
            details.Add(new StoredDetail(key, value, null, null));
        }
        return (secret, details);
    }

    /// <summary>The explicit form: every detail carries its salt, or its commitment once erased.</summary>
    public static byte[] EncodeExplicit(IReadOnlyList<StoredDetail> details)
    {
        var buffer = new ArrayBufferWriter<byte>(1 + details.Count * (DigestSize + 32));
        buffer.Write([details.Any(d => !d.Erased) ? DetailCodec.Explicit : DetailCodec.AllErased]);
        foreach (var detail in details)
        {
            WriteKey(buffer, detail.Key);
            if (detail.Erased)
                WriteFixed(buffer, detail.Commitment, "commitment");
            else
                WriteFixed(buffer, detail.Salt, "salt");
            WriteValue(buffer, detail.Value);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static List<StoredDetail> DecodeExplicit(byte[] stored)
    {
        var position = Start(stored, stored.Length > 0 && stored[0] == DetailCodec.AllErased ? DetailCodec.AllErased : DetailCodec.Explicit);
        var details = new List<StoredDetail>();
        while (position < stored.Length)
        {
            var key = ReadKey(stored, ref position);
            var digest = ReadFixed(stored, ref position);
            var value = ReadValue(stored, ref position);
            details.Add(value.IsEmpty ? new StoredDetail(key, value, null, digest) : new StoredDetail(key, value, digest, null));
        }
        if ((stored[0] == DetailCodec.AllErased) != details.TrueForAll(d => d.Erased))
            throw new InvalidDataException($"Stored details of format {stored[0]} disagree with their entries about what is open");
        return details;
    }
}
