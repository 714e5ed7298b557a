using System.Buffers;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// A run of consecutive event lines verified by one thread: either in a pooled buffer of its own or in a window of a
/// memory-mapped bundle that it holds a reference to until <see cref="Release"/>.
/// </summary>
/// <remarks>
/// The reader only counts the lines (one vectorised pass); the thread that checks them finds where each ends while it
/// parses it, so no one searches every line for its newline.
/// </remarks>
internal sealed class LineBatch
{
    private readonly byte[]? _buffer;
    private readonly MappedWindow? _window;
    private readonly int _start;
    private readonly int _length;

    private LineBatch(byte[]? buffer, MappedWindow? window, int start, int length, int count, long firstOrdinal)
    {
        _buffer = buffer;
        _window = window;
        _start = start;
        _length = length;
        Count = count;
        FirstOrdinal = firstOrdinal;
    }

    /// <summary>The number of event lines before this batch's first.</summary>
    public long FirstOrdinal { get; }

    public int Count { get; }

    public long Verified { get; set; }

    public long Erased { get; set; }

    public EvidenceFailure? Failure { get; set; }

    /// <summary>The batch's lines, each but perhaps the bundle's last ended by a newline; valid until <see cref="Release"/>.</summary>
    public ReadOnlySpan<byte> Text => _window is { } window ? window.Span.Slice(_start, _length) : _buffer.AsSpan(_start, _length);

    /// <summary>A batch that takes over <paramref name="buffer"/> (rented from the shared pool) and returns it on release.</summary>
    public static LineBatch Pooled(byte[] buffer, int start, int end, long firstOrdinal) =>
        new(buffer, null, start, end - start, CountLines(buffer.AsSpan(start, end - start)), firstOrdinal);

    /// <summary>A batch over <paramref name="length"/> bytes of <paramref name="window"/>, which it keeps mapped until released.</summary>
    public static LineBatch Mapped(MappedWindow window, int start, int length, long firstOrdinal)
    {
        window.AddReference();
        return new(null, window, start, length, CountLines(window.Span.Slice(start, length)), firstOrdinal);
    }

    /// <summary>Gives the batch's memory back; <see cref="Text"/> must not be read afterwards.</summary>
    public void Release()
    {
        if (_window is not null)
        {
            _window.Release();
        }
        else
        {
            ArrayPool<byte>.Shared.Return(_buffer!);
        }
    }

    /// <summary>The lines in a non-empty run: its newlines, plus one for a last line without a newline.</summary>
    private static int CountLines(ReadOnlySpan<byte> lines) => lines.Count((byte)'\n') + (lines[^1] == (byte)'\n' ? 0 : 1);
}
