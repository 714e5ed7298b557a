using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Finds the end of a detail value on an event line with span searches and, when its text is already in RFC 8785
/// form — no whitespace, strings without escapes, plain integers, object members with ASCII names in ascending order —
/// takes that text as the canonical value, byte for byte what <see cref="CanonicalValue"/> would write for it. Any
/// other well-delimited value is handed whole to <see cref="CanonicalValue"/> on a reader of its own; anything it cannot
/// delimit is left to the line's JSON reader.
/// </summary>
internal static class DetailValueScanner
{
    // Far deeper than any detail value the server accepts (depth 8), and well inside the JSON reader's own limit.
    private const int MaxDepth = 32;

    // The longest integer CanonicalValue writes as it stands (below 2^53, so ECMAScript prints it unchanged).
    private const int MaxPlainDigits = 15;

    /// <summary>Reads the value at <paramref name="at"/> into <paramref name="detail"/>; on success <paramref name="at"/> is past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRead(ReadOnlySpan<byte> line, ref int at, ParsedDetail detail, Utf8StringCache names)
    {
        var canonical = true;
        var end = Scan(line, at, 0, ref canonical);
        if (end < 0)
        {
            return false;
        }

        var value = line[at..end];
        if (canonical)
        {
            var output = detail.BeginValue();
            output.Write(value);
            detail.EndValue(isNull: value.SequenceEqual("null"u8));
        }
        else if (!TryCanonicalise(value, detail, names))
        {
            return false;
        }

        at = end;
        return true;
    }

    /// <summary>The index just past the value at <paramref name="at"/>, or -1; clears <paramref name="canonical"/> when its text is not its canonical form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Scan(ReadOnlySpan<byte> line, int at, int depth, ref bool canonical)
    {
        if (at >= line.Length)
        {
            return -1;
        }

        switch (line[at])
        {
            case (byte)'"':
                return ScanString(line, at, ref canonical, out _);
            case (byte)'t':
                return Literal(line, at, "true"u8);
            case (byte)'f':
                return Literal(line, at, "false"u8);
            case (byte)'n':
                return Literal(line, at, "null"u8);
            case (byte)'[' when depth < MaxDepth:
                return ScanArray(line, at + 1, depth + 1, ref canonical);
            case (byte)'{' when depth < MaxDepth:
                return ScanObject(line, at + 1, depth + 1, ref canonical);
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                return ScanNumber(line, at, ref canonical);
            default:
                return -1;
        }
    }

    private static int ScanArray(ReadOnlySpan<byte> line, int at, int depth, ref bool canonical)
    {
        if (at < line.Length && line[at] == (byte)']')
        {
            return at + 1;
        }

        while (true)
        {
            at = AfterMember(line, Scan(line, at, depth, ref canonical), (byte)']', out var closed);
            if (at < 0 || closed)
            {
                return at;
            }
        }
    }

    private static int ScanObject(ReadOnlySpan<byte> line, int at, int depth, ref bool canonical)
    {
        if (at < line.Length && line[at] == (byte)'}')
        {
            return at + 1;
        }

        ReadOnlySpan<byte> previous = default;
        var first = true;
        while (true)
        {
            var nameEnd = ScanString(line, at, ref canonical, out var plain);
            if (nameEnd < 0 || nameEnd >= line.Length || line[nameEnd] != (byte)':')
            {
                return -1;
            }

            // RFC 8785 sorts members by UTF-16 code units; for ASCII names that is byte order.
            var name = line[(at + 1)..(nameEnd - 1)];
            if (!plain || !Ascii.IsValid(name) || (!first && previous.SequenceCompareTo(name) >= 0))
            {
                canonical = false;
            }

            previous = name;
            first = false;
            at = AfterMember(line, Scan(line, nameEnd + 1, depth, ref canonical), (byte)'}', out var closed);
            if (at < 0 || closed)
            {
                return at;
            }
        }
    }

    /// <summary>
    /// After an element or member that ended at <paramref name="at"/> (or -1): past the comma before the next one, or
    /// past <paramref name="close"/> with <paramref name="closed"/> set; -1 for anything else.
    /// </summary>
    private static int AfterMember(ReadOnlySpan<byte> line, int at, byte close, out bool closed)
    {
        closed = at >= 0 && at < line.Length && line[at] == close;
        return at < 0 || at >= line.Length || (!closed && line[at] != (byte)',') ? -1 : at + 1;
    }

    private static int ScanString(ReadOnlySpan<byte> line, int at, ref bool canonical, out bool plain)
    {
        plain = false;
        if (at >= line.Length || line[at] != (byte)'"')
        {
            return -1;
        }

        var content = line[(at + 1)..];
        var stop = content.IndexOfAny(LineText.StringStops);
        if (stop < 0)
        {
            return -1;
        }

        if (content[stop] == (byte)'"')
        {
            // Without escapes, valid UTF-8 is already canonical: RFC 8785 escapes only quotes, backslashes and controls.
            plain = true;
            return Utf8.IsValid(content[..stop]) ? at + 1 + stop + 1 : -1;
        }

        if (content[stop] != (byte)'\\')
        {
            return -1;
        }

        canonical = false;
        return LineText.StringEnd(line, at);
    }

    private static int ScanNumber(ReadOnlySpan<byte> line, int at, ref bool canonical)
    {
        var end = at;
        while (end < line.Length && line[end] is (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E')
        {
            end++;
        }

        var number = line[at..end];
        if (number.Length > MaxPlainDigits || (number.Length > 1 && number[0] == (byte)'0')
            || number.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            canonical = false;
        }

        return end;
    }

    private static int Literal(ReadOnlySpan<byte> line, int at, ReadOnlySpan<byte> literal) =>
        line[at..].StartsWith(literal) ? at + literal.Length : -1;

    /// <summary>Writes the canonical form of a value whose text is not, with the JSON reader over that value alone.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryCanonicalise(ReadOnlySpan<byte> value, ParsedDetail detail, Utf8StringCache names)
    {
        try
        {
            var reader = new Utf8JsonReader(value, isFinalBlock: true, state: default);
            return reader.Read() && CanonicalValue.TryRead(ref reader, detail, names) && reader.BytesConsumed == value.Length;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return false; // The line's own JSON reader names what is wrong.
        }
    }
}
