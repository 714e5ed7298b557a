using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Mudbase.Ledger.Evidence;

/// <summary>The scalar tokens of an event line as <see cref="StrictLineParser"/> reads them: strings and plain integers.</summary>
internal static class LineText
{
    /// <summary>The bytes that end a plain run inside a JSON string: its closing quote, an escape, a control character.</summary>
    public static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    // 18 digits always fit in a long; longer integers are left to the JSON reader.
    private const int MaxDigits = 18;

    /// <summary>A non-negative integer without sign, fraction, exponent or leading zero, as the reader's TryGetInt64 reads it.</summary>
    public static bool TryInteger(ReadOnlySpan<byte> line, ref int at, out long value)
    {
        value = 0;
        var start = at;
        var end = start;
        while (end < line.Length && end - start <= MaxDigits && (uint)(line[end] - '0') <= 9)
        {
            value = (value * 10) + (line[end] - '0');
            end++;
        }

        var digits = end - start;
        if (digits == 0 || digits > MaxDigits || (digits > 1 && line[start] == (byte)'0')
            || (end < line.Length && line[end] is (byte)'.' or (byte)'e' or (byte)'E'))
        {
            return false;
        }

        at = end;
        return true;
    }

    /// <summary>
    /// A string without escapes whose bytes are valid UTF-8: its text is the bytes between the quotes.
    /// </summary>
    /// <param name="line">The line.</param>
    /// <param name="at">The opening quote; on success, the byte after the closing one.</param>
    /// <param name="utf8">The text between the quotes.</param>
    public static bool TryPlainString(ReadOnlySpan<byte> line, ref int at, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        if (at >= line.Length || line[at] != (byte)'"')
        {
            return false;
        }

        var content = line[(at + 1)..];
        var stop = content.IndexOfAny(StringStops);
        if (stop < 0 || content[stop] != (byte)'"' || !Utf8.IsValid(content[..stop]))
        {
            return false;
        }

        utf8 = content[..stop];
        at += stop + 2;
        return true;
    }

    /// <summary>A string, unescaped into <paramref name="text"/> as <see cref="Utf8TextBuffer.Capture"/> would.</summary>
    public static bool TryString(ReadOnlySpan<byte> line, ref int at, Utf8TextBuffer text, out Utf8Slice slice)
    {
        if (TryPlainString(line, ref at, out var utf8))
        {
            slice = text.Append(utf8);
            return true;
        }

        return TryEscapedString(line, ref at, text, out slice);
    }

    /// <summary>
    /// The index just past the string that opens at <paramref name="at"/>, escapes included; -1 when it is not closed on
    /// the line or holds a control character (the JSON reader reports those).
    /// </summary>
    public static int StringEnd(ReadOnlySpan<byte> line, int at)
    {
        var i = at + 1;
        while (i < line.Length)
        {
            var stop = line[i..].IndexOfAny(StringStops);
            if (stop < 0)
            {
                return -1;
            }

            i += stop;
            switch (line[i])
            {
                case (byte)'"':
                    return i + 1;
                case (byte)'\\':
                    i += 2;
                    break;
                default:
                    return -1;
            }
        }

        return -1;
    }

    /// <summary>A string with escapes: the JSON reader unescapes and checks that one token, as it does in the slow path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryEscapedString(ReadOnlySpan<byte> line, ref int at, Utf8TextBuffer text, out Utf8Slice slice)
    {
        slice = Utf8Slice.Absent;
        if (at >= line.Length || line[at] != (byte)'"')
        {
            return false;
        }

        var end = StringEnd(line, at);
        if (end < 0)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(line[at..end], isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            slice = text.Capture(ref reader);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return false; // The JSON reader of the slow path names what is wrong.
        }

        at = end;
        return true;
    }
}
