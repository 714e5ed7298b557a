using System.IO.MemoryMappedFiles;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Cuts a regular file into batches of whole lines without copying it: the file is mapped a window (64 blocks by
/// default) at a time and each batch points into its window. A line that runs past a window's end starts the next
/// window, which is mapped from that line on; a line longer than a window gets a window twice its length so far.
/// </summary>
/// <remarks>
/// The file is read as it is while it is mapped: a file cut short by another process during verification makes the
/// reads fault, which a stream would have reported as an early end.
/// </remarks>
internal sealed class MappedBundleLineReader : BundleLines
{
    private readonly FileStream _stream;
    private readonly MemoryMappedFile _file;
    private readonly int _blockSize;
    private readonly int _windowSize;
    private readonly long _start;
    private readonly long _end;
    private MappedWindow? _window;
    private long _position;

    /// <param name="stream">A readable, seekable file, read from its current position to the length it has now.</param>
    /// <param name="blockSize">About how many bytes a batch holds.</param>
    /// <param name="windowSize">How many bytes a window maps, unless a line needs more.</param>
    /// <exception cref="IOException">The file cannot be mapped.</exception>
    public MappedBundleLineReader(FileStream stream, int blockSize, int windowSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSize);
        _stream = stream;
        _blockSize = blockSize;
        _windowSize = windowSize;
        _start = _position = stream.Position;
        _end = stream.Length;
        _file = MemoryMappedFile.CreateFromFile(
            stream.SafeFileHandle, mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
    }

    /// <summary>Bytes handed out as lines so far.</summary>
    public override long BytesRead => _position - _start;

    /// <inheritdoc/>
    public override byte[]? ReadFirstLine()
    {
        while (_position < _end)
        {
            var region = Region(out var atEnd);
            var newline = region.IndexOf((byte)'\n');
            if (newline >= 0 || atEnd)
            {
                var line = newline >= 0 ? region[..newline] : region;
                _position += newline >= 0 ? newline + 1 : region.Length;
                return HeaderLine(line);
            }

            Grow(region.Length);
        }

        return null;
    }

    /// <summary>Reads the lines that start in the next block, the last of them whole; null at the end of the file.</summary>
    /// <inheritdoc/>
    public override LineBatch? ReadBatch(long firstOrdinal)
    {
        while (_position < _end)
        {
            var region = Region(out var atEnd);
            var cut = Cut(region, atEnd);
            if (cut < 0)
            {
                Grow(region.Length);
                continue;
            }

            var window = _window!;
            var batch = LineBatch.Mapped(window, (int)(_position - window.Offset), cut, firstOrdinal);
            _position += cut;
            return batch;
        }

        return null;
    }

    protected override void Dispose(bool disposing)
    {
        _window?.Release();
        _window = null;
        _file.Dispose();

        // As a stream reader would have, leave the stream where reading stopped.
        _stream.Position = _position;
    }

    /// <summary>
    /// How many bytes of <paramref name="region"/> the next batch takes: up to the last newline of its first block, or
    /// to the first newline after it when that block holds none; the rest of the file when it has no further newline;
    /// −1 when the region ends inside a line that the window cuts.
    /// </summary>
    private int Cut(ReadOnlySpan<byte> region, bool atEnd)
    {
        if (atEnd && region.Length <= _blockSize)
        {
            return region.Length;
        }

        var head = region[..Math.Min(_blockSize, region.Length)];
        var last = head.LastIndexOf((byte)'\n');
        if (last >= 0)
        {
            return last + 1;
        }

        var next = region[head.Length..].IndexOf((byte)'\n');
        return next >= 0 ? head.Length + next + 1 : atEnd ? region.Length : -1;
    }

    /// <summary>The current window from the read position on, mapping the next window when the current one is used up.</summary>
    private ReadOnlySpan<byte> Region(out bool atEnd)
    {
        if (_window is null || _position >= _window.End)
        {
            Map(_windowSize);
        }

        var window = _window!;
        atEnd = window.End == _end;
        return window.Span[(int)(_position - window.Offset)..];
    }

    /// <summary>Maps a larger window from the read position, whose line does not end in the <paramref name="pending"/> bytes mapped.</summary>
    private void Grow(int pending)
    {
        if (pending >= MaxLineLength)
        {
            throw LineTooLong();
        }

        Map(Math.Max(_windowSize, pending * 2));
    }

    private void Map(long size)
    {
        var length = (int)Math.Min(size, _end - _position);
        var window = new MappedWindow(_file, _position, length);
        _window?.Release();
        _window = window;
    }
}
