using System.Buffers;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Cuts a bundle into batches of whole lines. Each batch takes over the whole buffer it was read into, so lines are never
/// copied except for the one partial line carried into the next buffer.
/// </summary>
internal sealed class BundleLineReader(Stream stream, int blockSize = BundleLineReader.DefaultBlockSize) : IDisposable
{
    /// <summary>Large enough that a batch holds hundreds of lines, small enough that a few batches in flight stay cheap.</summary>
    public const int DefaultBlockSize = 1 << 20;

    // Far beyond any real event line, but bounded so that a hostile file cannot make the reader hold it all.
    private const int MaxLineLength = 1 << 26;

    private readonly int _blockSize = blockSize > 0 ? blockSize : throw new ArgumentOutOfRangeException(nameof(blockSize));
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(blockSize);
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads the first line, without a leading byte order mark; null when the stream is empty.</summary>
    /// <exception cref="InvalidDataException">The line is longer than the reader accepts.</exception>
    public byte[]? ReadFirstLine()
    {
        while (true)
        {
            var region = _buffer.AsSpan(_start, _end - _start);
            var newline = region.IndexOf((byte)'\n');
            if (newline >= 0 || (_eof && !region.IsEmpty))
            {
                var line = newline >= 0 ? region[..newline] : region;
                _start += newline >= 0 ? newline + 1 : region.Length;
                return (line.StartsWith("\uFEFF"u8) ? line[3..] : line).ToArray();
            }

            if (_eof)
            {
                return null;
            }

            MakeRoom();
            Fill();
        }
    }

    /// <summary>Reads every complete line that fits in the buffer; null at the end of the stream.</summary>
    /// <param name="firstOrdinal">The number of event lines read before.</param>
    /// <exception cref="InvalidDataException">A line is longer than the reader accepts.</exception>
    public LineBatch? ReadBatch(long firstOrdinal)
    {
        while (true)
        {
            Fill();
            var region = _buffer.AsSpan(_start, _end - _start);
            int cut;
            if (_eof)
            {
                if (region.IsEmpty)
                {
                    return null;
                }

                cut = _end;
            }
            else
            {
                var last = region.LastIndexOf((byte)'\n');
                if (last < 0)
                {
                    MakeRoom();
                    continue;
                }

                cut = _start + last + 1;
            }

            return TakeBatch(cut, firstOrdinal);
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private LineBatch TakeBatch(int cut, long firstOrdinal)
    {
        var full = _buffer;
        var rest = _end - cut;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_blockSize, rest * 2));
        full.AsSpan(cut, rest).CopyTo(_buffer);
        var batch = new LineBatch(full, _start, cut, firstOrdinal);
        _start = 0;
        _end = rest;
        return batch;
    }

    private void Fill()
    {
        while (!_eof && _end < _buffer.Length)
        {
            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
            BytesRead += read;
        }
    }

    /// <summary>Frees space for a line that does not fit: first by dropping consumed bytes, then by growing.</summary>
    private void MakeRoom()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        else if (pending == _buffer.Length)
        {
            if (pending >= MaxLineLength)
            {
                throw new InvalidDataException($"The bundle has a line longer than {MaxLineLength >> 20} MiB.");
            }

            var larger = ArrayPool<byte>.Shared.Rent(pending * 2);
            _buffer.AsSpan(0, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        _start = 0;
        _end = pending;
    }
}
