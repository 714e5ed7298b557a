using System.Text;
using System.Text.Json;

namespace Mudbase.Ledger.Evidence;

/// <summary>Where a text field of a line lies in its <see cref="Utf8TextBuffer"/>; <see cref="Absent"/> when it has none.</summary>
/// <param name="Start">Offset of the first byte.</param>
/// <param name="Length">Number of bytes, or −1 for <see cref="Absent"/>.</param>
internal readonly record struct Utf8Slice(int Start, int Length)
{
    public static Utf8Slice Absent { get; } = new(0, -1);

    public bool IsPresent => Length >= 0;
}

/// <summary>
/// The unescaped UTF-8 of one line's string tokens, copied once and reused from line to line, so that the leaf can be
/// rebuilt from bytes without a string per field.
/// </summary>
internal sealed class Utf8TextBuffer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _bytes = new byte[1024];
    private int _length;

    public void Clear() => _length = 0;

    /// <summary>Copies the current string token, unescaped.</summary>
    /// <exception cref="InvalidOperationException">The token escapes text that is not valid Unicode.</exception>
    /// <exception cref="ArgumentException">The token's bytes are not valid UTF-8.</exception>
    public Utf8Slice Capture(ref Utf8JsonReader reader)
    {
        // Unescaping never lengthens the text.
        var room = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (_length + room > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + room));
        }

        var destination = _bytes.AsSpan(_length);
        int written;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            reader.ValueSpan.CopyTo(destination);
            written = reader.ValueSpan.Length;
        }
        else
        {
            written = reader.CopyString(destination);
        }

        if (!System.Text.Unicode.Utf8.IsValid(destination[..written]))
        {
            throw new ArgumentException("a string is not valid UTF-8");
        }

        var slice = new Utf8Slice(_length, written);
        _length += written;
        return slice;
    }

    /// <summary>Copies text that is already unescaped and known to be valid UTF-8.</summary>
    public Utf8Slice Append(ReadOnlySpan<byte> utf8)
    {
        if (_length + utf8.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + utf8.Length));
        }

        utf8.CopyTo(_bytes.AsSpan(_length));
        var slice = new Utf8Slice(_length, utf8.Length);
        _length += utf8.Length;
        return slice;
    }

    public ReadOnlySpan<byte> this[Utf8Slice slice] => slice.IsPresent ? _bytes.AsSpan(slice.Start, slice.Length) : default;

    public string? Decode(Utf8Slice slice) => slice.IsPresent ? StrictUtf8.GetString(this[slice]) : null;
}
