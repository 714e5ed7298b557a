using System.Buffers;
using System.Globalization;

namespace Mudbase.Ledger;

/// <summary>
/// A leaf's canonical JSON serialised once with its sequence number left open: the bytes before the value of
/// <c>seq</c> and the bytes after it. An appender that assigns sequence numbers inside its write transaction
/// prepares templates beforehand and only hashes there. Made by <see cref="LedgerLeaf.ToTemplate"/>.
/// </summary>
public sealed class LeafTemplate
{
    private const int StackLimit = 1024;

    private readonly byte[] _head;
    private readonly byte[] _tail;

    // Takes ownership of both arrays.
    internal LeafTemplate(byte[] head, byte[] tail)
    {
        _head = head;
        _tail = tail;
    }

    /// <summary>The canonical JSON of the leaf at a sequence number.</summary>
    /// <param name="seq">The sequence number, 0 to 2^53 − 1.</param>
    /// <returns>New UTF-8 bytes, identical to <see cref="LedgerLeaf.ToCanonicalJson"/> of the leaf with that Seq.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seq"/> is negative or above 2^53 − 1.</exception>
    public byte[] ToCanonicalJson(long seq)
    {
        LedgerLeaf.ValidateSeq(seq);
        var result = new byte[_head.Length + 20 + _tail.Length];
        return result.AsSpan(0, Fill(result, seq)).ToArray();
    }

    /// <summary>The leaf hash at a sequence number.</summary>
    /// <param name="seq">The sequence number, 0 to 2^53 − 1.</param>
    /// <returns>A new 32-byte hash, identical to <see cref="LedgerLeaf.Hash"/> of the leaf with that Seq.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seq"/> is negative or above 2^53 − 1.</exception>
    public byte[] Hash(long seq)
    {
        LedgerLeaf.ValidateSeq(seq);
        var length = _head.Length + 20 + _tail.Length;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            return MerkleHash.Leaf(buffer[..Fill(buffer, seq)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private int Fill(Span<byte> destination, long seq)
    {
        _head.CopyTo(destination);
        seq.TryFormat(destination[_head.Length..], out var digits, default, CultureInfo.InvariantCulture);
        _tail.CopyTo(destination[(_head.Length + digits)..]);
        return _head.Length + digits + _tail.Length;
    }
}
