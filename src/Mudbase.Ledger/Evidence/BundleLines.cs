namespace Mudbase.Ledger.Evidence;

/// <summary>Where the verifier takes a bundle's lines from: its header line, then batches of whole event lines.</summary>
internal abstract class BundleLines : IDisposable
{
    /// <summary>Large enough that a batch holds hundreds of lines, small enough that a few batches in flight stay cheap.</summary>
    public const int DefaultBlockSize = 1 << 20;

    /// <summary>A mapped window spans this many blocks: 64 MiB by default.</summary>
    public const int DefaultWindowBlocks = 64;

    // Far beyond any real event line, but bounded so that a hostile file cannot make the reader hold it all.
    protected const int MaxLineLength = 1 << 26;

    /// <summary>Bytes of the bundle read (or, when mapped, consumed) so far.</summary>
    public abstract long BytesRead { get; }

    /// <summary>
    /// Lines of a regular file are read through memory-mapped windows, which saves copying every byte out of the page
    /// cache; anything else (a pipe, standard input, a memory stream, a file that cannot be mapped) is read as a stream.
    /// </summary>
    /// <param name="bundle">The bundle, from its current position to its end.</param>
    /// <param name="blockSize">About how many bytes a batch holds.</param>
    /// <param name="windowBlocks">How many blocks one mapped window spans.</param>
    public static BundleLines Open(Stream bundle, int blockSize, int windowBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowBlocks);
        if (bundle is FileStream { CanRead: true, CanSeek: true } file && file.Length > file.Position)
        {
            try
            {
                return new MappedBundleLineReader(file, blockSize, checked(blockSize * windowBlocks));
            }
            catch (IOException)
            {
                // Not every seekable file can be mapped; the stream reader reads it all the same.
            }
        }

        return new BundleLineReader(bundle, blockSize);
    }

    /// <summary>Reads the first line, without a leading byte order mark; null when the bundle is empty.</summary>
    /// <exception cref="InvalidDataException">The line is longer than the reader accepts.</exception>
    public abstract byte[]? ReadFirstLine();

    /// <summary>Reads the next batch of whole lines; null at the end of the bundle.</summary>
    /// <param name="firstOrdinal">The number of event lines read before.</param>
    /// <exception cref="InvalidDataException">A line is longer than the reader accepts.</exception>
    public abstract LineBatch? ReadBatch(long firstOrdinal);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>The header line, copied, without a leading byte order mark.</summary>
    protected static byte[] HeaderLine(ReadOnlySpan<byte> line) => (line.StartsWith("\uFEFF"u8) ? line[3..] : line).ToArray();

    protected static InvalidDataException LineTooLong() => new($"The bundle has a line longer than {MaxLineLength >> 20} MiB.");
}
