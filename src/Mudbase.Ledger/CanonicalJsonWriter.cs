using System.Buffers;
using System.Text;

namespace Mudbase.Ledger;

/// <summary>
/// Appends RFC 8785 tokens to a growing UTF-8 buffer: a plain array and a length, so that each token costs a bounds
/// check and a copy rather than a buffer writer's span request and advance.
/// </summary>
internal sealed class CanonicalJsonWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    // Writers larger than this are not kept for reuse, so one huge document does not pin its buffer to a thread.
    private const int MaxCachedCapacity = 64 * 1024;

    [ThreadStatic]
    private static CanonicalJsonWriter? t_cached;

    private byte[] _buffer;
    private int _length;

    public CanonicalJsonWriter(int initialCapacity = 256) => _buffer = new byte[Math.Max(initialCapacity, 16)];

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>
    /// An empty writer, this thread's cached one when it is free: the serialisations of the hot path (commitments,
    /// leaf templates) then allocate only their results. Hand it back with <see cref="Return"/> when done.
    /// </summary>
    public static CanonicalJsonWriter Rent()
    {
        var writer = t_cached ?? new CanonicalJsonWriter(1024);
        t_cached = null;
        writer.Reset();
        return writer;
    }

    /// <summary>Keeps <paramref name="writer"/> for the thread's next <see cref="Rent"/>; nothing may use it afterwards.</summary>
    public static void Return(CanonicalJsonWriter writer)
    {
        if (writer._buffer.Length <= MaxCachedCapacity)
        {
            t_cached = writer;
        }
    }

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Empties the buffer for the next document, keeping its memory.</summary>
    public void Reset() => _length = 0;

    public void WriteRaw(ReadOnlySpan<byte> ascii)
    {
        ascii.CopyTo(GetSpan(ascii.Length));
        _length += ascii.Length;
    }

    public void WriteByte(byte b)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = b;
    }

    public void WriteNumber(double value) => WriteAscii(EcmaScriptNumber.Format(value));

    public void WriteInteger(long value)
    {
        value.TryFormat(GetSpan(20), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Writes a string literal, escaping only what RFC 8785 §3.2.2.2 requires.</summary>
    /// <exception cref="ArgumentException">The string holds an unpaired surrogate, which has no UTF-8 form.</exception>
    public void WriteString(string value)
    {
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("Strings in canonical JSON must be valid Unicode (no lone surrogates).", e);
        }

        Span<byte> utf8 = length <= 512 ? stackalloc byte[length] : new byte[length];
        StrictUtf8.GetBytes(value, utf8);
        WriteString(utf8);
    }

    /// <summary>Writes a string literal from its valid UTF-8, escaping only what RFC 8785 §3.2.2.2 requires.</summary>
    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        Span<byte> span;
        if (!utf8.ContainsAny(NeedsEscape))
        {
            // The common case: one copy.
            span = GetSpan(utf8.Length + 2);
            span[0] = (byte)'"';
            utf8.CopyTo(span[1..]);
            span[utf8.Length + 1] = (byte)'"';
            _length += utf8.Length + 2;
            return;
        }

        var escaped = 2;
        foreach (var b in utf8)
        {
            escaped += b switch
            {
                (byte)'"' or (byte)'\\' or 0x08 or 0x09 or 0x0A or 0x0C or 0x0D => 2,
                < 0x20 => 6,
                _ => 1,
            };
        }

        span = GetSpan(escaped);
        var at = 0;
        span[at++] = (byte)'"';
        foreach (var b in utf8)
        {
            switch (b)
            {
                case (byte)'"':
                    span[at++] = (byte)'\\';
                    span[at++] = (byte)'"';
                    break;
                case (byte)'\\':
                    span[at++] = (byte)'\\';
                    span[at++] = (byte)'\\';
                    break;
                case < 0x20:
                    at += WriteControl(b, span[at..]);
                    break;
                default:
                    span[at++] = b;
                    break;
            }
        }

        span[at++] = (byte)'"';
        _length += at;
    }

    private static int WriteControl(byte b, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        var shortForm = b switch
        {
            0x08 => (byte)'b',
            0x09 => (byte)'t',
            0x0A => (byte)'n',
            0x0C => (byte)'f',
            0x0D => (byte)'r',
            _ => (byte)0,
        };
        if (shortForm != 0)
        {
            destination[1] = shortForm;
            return 2;
        }

        "u00"u8.CopyTo(destination[1..]);
        destination[4] = HexDigit(b >> 4);
        destination[5] = HexDigit(b & 0xF);
        return 6;
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    private void WriteAscii(string ascii)
    {
        var span = GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }

        _length += ascii.Length;
    }

    /// <summary>Room for at least <paramref name="size"/> more bytes after what is written.</summary>
    private Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _length < size)
        {
            Grow(size);
        }

        return _buffer.AsSpan(_length);
    }

    private void Grow(int size) => Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
}
