using System.Buffers;

namespace Mudbase.Ledger.Evidence;

/// <summary>A run of consecutive event lines in a pooled buffer of its own, verified by one thread.</summary>
/// <remarks>
/// The reader only counts the lines (one vectorised pass); the thread that checks them finds where each ends while it
/// parses it, so no one searches every line for its newline.
/// </remarks>
internal sealed class LineBatch
{
    private readonly byte[] _buffer;
    private readonly int _start;
    private readonly int _length;

    /// <summary>A batch that takes over <paramref name="buffer"/> (rented from the shared pool) and returns it on release.</summary>
    public LineBatch(byte[] buffer, int start, int end, long firstOrdinal)
    {
        _buffer = buffer;
        _start = start;
        _length = end - start;
        var lines = Text;
        Count = lines.Count((byte)'\n') + (lines[^1] == (byte)'\n' ? 0 : 1);
        FirstOrdinal = firstOrdinal;
    }

    /// <summary>The number of event lines before this batch's first.</summary>
    public long FirstOrdinal { get; }

    public int Count { get; }

    public long Verified { get; set; }

    public long Erased { get; set; }

    public EvidenceFailure? Failure { get; set; }

    /// <summary>The batch's lines, each but perhaps the bundle's last ended by a newline; valid until <see cref="Release"/>.</summary>
    public ReadOnlySpan<byte> Text => _buffer.AsSpan(_start, _length);

    /// <summary>Returns the buffer to the pool; <see cref="Text"/> must not be read afterwards.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(_buffer);
}
