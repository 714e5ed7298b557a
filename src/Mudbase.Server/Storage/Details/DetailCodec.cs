using System.Buffers;
using System.Text.Json;
using static Mudbase.Server.Storage.Details.DetailBytes;

namespace Mudbase.Server.Storage.Details;

/// <summary>
/// The stored encodings of an event's details (docs/ARCHITECTURE.md "Data layout"). The first byte of
/// <c>events.commitments</c> and of <c>event_details.secrets</c> says which layout a row has; every reader goes
/// through <see cref="EventDetails.Read"/>, which understands all of them:
/// <list type="bullet">
/// <item><see cref="Format"/> (1, schema version 14): <c>events.commitments</c> holds key + 32-byte commitment per
/// detail in canonical (ordinal) key order, <c>event_details.secrets</c> key + 32-byte salt + value JSON per detail
/// still open, in the order sent (the format byte alone once all are erased, <see cref="NoOpenings"/>);</item>
/// <item><see cref="Derived"/> (2): <c>events.commitments</c> is the format byte alone, the details row holds one
/// 32-byte secret and key + value JSON per detail (<see cref="DerivedDetails"/>): salts are derived, commitments
/// recomputed;</item>
/// <item><see cref="Explicit"/> (3) and <see cref="AllErased"/> (4): what erasure turns a derived row into: per
/// detail the key, the 32-byte salt and the value, or the 32-byte commitment and an empty value once erased; the
/// secret is gone. 4 when no detail is left open, so SQL can tell rows with nothing left to erase.</item>
/// </list>
/// Keys and values are a varint byte length and UTF-8 bytes; values are the JSON text as received. No format byte is
/// <c>{</c>, so the JSON text the layout before schema version 14 stored is told apart.
/// </summary>
internal static class DetailCodec
{
    public const byte Format = 1;
    public const byte Derived = 2;
    public const byte Explicit = 3;
    public const byte AllErased = 4;
    public const int DigestSize = DetailBytes.DigestSize;

    /// <summary>The stored openings of an event whose details were all erased, or that had none (format 1).</summary>
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
            WriteValue(buffer, opening.Value);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static List<StoredCommitment> DecodeCommitments(byte[] stored)
    {
        var result = new List<StoredCommitment>();
        var position = Start(stored, Format);
        while (position < stored.Length)
        {
            var key = ReadKey(stored, ref position);
            result.Add(new StoredCommitment(key, ReadFixed(stored, ref position)));
        }
        return result;
    }

    public static List<StoredOpening> DecodeOpenings(byte[] stored)
    {
        var result = new List<StoredOpening>();
        var position = Start(stored, Format);
        while (position < stored.Length)
        {
            var key = ReadKey(stored, ref position);
            var salt = ReadFixed(stored, ref position);
            result.Add(new StoredOpening(key, salt, ReadValue(stored, ref position)));
        }
        return result;
    }

    /// <summary>A JSON value for an opening: the stored text parsed, as an element that outlives the call.</summary>
    public static JsonElement Value(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span);
        return JsonElement.ParseValue(ref reader);
    }
}
