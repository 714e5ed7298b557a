using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Reads the <c>inclusionProof</c> array of an event line with span searches instead of <see cref="Utf8JsonReader"/>.
/// The array is about half of a line, and consecutive lines repeat most of its elements: an element whose text is the
/// previous line's at the same position is matched with one comparison and keeps the bytes already decoded there.
/// Every element is still read and decoded (each line's audit path is checked); only the general tokenizer is skipped.
/// </summary>
/// <remarks>
/// It accepts only the plain shape: <c>[</c>, strings that each decode to a 32-byte hash (canonical base64, with at most
/// the <c>\uXXXX</c> and <c>\/</c> escapes JSON writers use), commas, <c>]</c>, JSON whitespace between tokens. Anything
/// else — another token, a string that does not decode, too many elements — makes it give up, and the caller reads the
/// array with <see cref="Utf8JsonReader"/> as before, so every message about a malformed line stays what it was.
/// </remarks>
internal static class ProofArrayScanner
{
    /// <summary>The state of a reader that has just read a member's value inside the line's top-level object.</summary>
    public static readonly JsonReaderState AfterMemberValue = StateAfterValue("{\"m\":[]"u8, JsonTokenType.EndArray);

    /// <summary>The state of a reader that has just read a string member of one detail (<c>details.name.member</c>).</summary>
    public static readonly JsonReaderState AfterDetailMember = StateAfterValue("{\"d\":{\"n\":{\"m\":\"\""u8, JsonTokenType.String);

    /// <summary>
    /// Scans the string value that follows a member name (see <see cref="TryScan"/>) into <paramref name="destination"/>
    /// when it is a hash in canonical base64.
    /// </summary>
    /// <returns>The index of the byte after the closing quote, or -1 to read the value with the JSON reader.</returns>
    public static int TryScanHash(ReadOnlySpan<byte> line, int at, Span<byte> destination, bool whitespace = true)
    {
        at = SkipToValue(line, at, whitespace);
        if (at >= line.Length || line[at] != (byte)'"')
        {
            return -1;
        }

        var rest = line[(at + 1)..];
        var close = rest[..Math.Min(rest.Length, HashText.MaxEscapedLength + 1)].IndexOf((byte)'"');
        return close > 0 && HashText.TryDecodeRaw(rest[..close], destination) ? at + 1 + close + 1 : -1;
    }

    /// <summary>
    /// Scans the array that follows the member name into <paramref name="record"/>'s proof; <paramref name="at"/> is
    /// where the reader stopped after the name (after its closing quote or after the colon that follows).
    /// </summary>
    /// <returns>The index of the byte after the closing <c>]</c>, or -1 to read the array with the JSON reader.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TryScan(ReadOnlySpan<byte> line, int at, ParsedRecord record, bool whitespace = true)
    {
        at = SkipToValue(line, at, whitespace);
        if (at >= line.Length || line[at] != (byte)'[')
        {
            return -1;
        }

        at = SkipWhitespace(line, at + 1, whitespace);
        var memo = record.ProofMemo;
        if (at < line.Length && line[at] == (byte)']')
        {
            memo.ForgetArray();
            record.ProofLength = 0;
            return at + 1;
        }

        var end = ScanElements(line, at, record, whitespace);
        if (end < 0)
        {
            // A scan that gave up may have decoded some positions anew: the previous array no longer describes them.
            memo.ForgetArray();
        }

        return end;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanElements(ReadOnlySpan<byte> line, int at, ParsedRecord record, bool whitespace)
    {
        var memo = record.ProofMemo;

        // Arrays without whitespace are remembered whole, so that a line whose audit path ends like the previous line's
        // matches that end with one comparison.
        Span<int> starts = stackalloc int[ParsedRecord.MaxProofLength];
        var first = at;
        var count = 0;
        while (true)
        {
            if (count == ParsedRecord.MaxProofLength || at >= line.Length || line[at] != (byte)'"')
            {
                return -1;
            }

            if (!whitespace)
            {
                var tail = memo.RepeatsFrom(count, line[at..]);
                if (tail > 0)
                {
                    // The rest is the previous line's array from this position on: its elements keep their bytes.
                    var total = memo.Remembered(count, at - first, starts);
                    record.ProofLength = total;
                    memo.RememberArray(line[first..(at + tail)], starts[..total]);
                    return at + tail;
                }

                starts[count] = at - first;
            }

            var text = ElementText(line, at + 1, memo, count, out var repeated);
            if (text.IsEmpty)
            {
                return -1;
            }

            if (!repeated)
            {
                if (!HashText.TryDecodeRaw(text, record.Proof.AsSpan(count * MerkleHash.Size, MerkleHash.Size)))
                {
                    memo.Forget(count);
                    return -1;
                }

                memo.Remember(count, text);
            }

            count++;
            at = SkipWhitespace(line, at + 1 + text.Length + 1, whitespace);
            if (at >= line.Length)
            {
                return -1;
            }

            if (line[at] == (byte)']')
            {
                record.ProofLength = count;
                if (whitespace)
                {
                    memo.ForgetArray();
                }
                else
                {
                    memo.RememberArray(line[first..(at + 1)], starts[..count]);
                }

                return at + 1;
            }

            if (line[at] != (byte)',')
            {
                return -1;
            }

            at = SkipWhitespace(line, at + 1, whitespace);
        }
    }

    /// <summary>
    /// The raw text of the string that starts at <paramref name="start"/> (after its opening quote): the previous
    /// line's text at this position when it is repeated and closed right after, else the text up to the next quote.
    /// A remembered text decoded, so it holds no quote and cannot end in an escaping backslash.
    /// </summary>
    private static ReadOnlySpan<byte> ElementText(
        ReadOnlySpan<byte> line, int start, ProofTextMemo memo, int position, out bool repeated)
    {
        var rest = line[start..];
        var remembered = memo.Text(position);
        repeated = !remembered.IsEmpty && rest.Length > remembered.Length && rest[remembered.Length] == (byte)'"'
            && rest.StartsWith(remembered);
        if (repeated)
        {
            return rest[..remembered.Length];
        }

        var close = rest[..Math.Min(rest.Length, HashText.MaxEscapedLength + 1)].IndexOf((byte)'"');
        return close > 0 ? rest[..close] : default;
    }

    /// <summary>The start of the value after a member name the reader has read (perhaps with the colon after it).</summary>
    private static int SkipToValue(ReadOnlySpan<byte> line, int at, bool whitespace)
    {
        at = SkipWhitespace(line, at, whitespace);
        return at < line.Length && line[at] == (byte)':' ? SkipWhitespace(line, at + 1, whitespace) : at;
    }

    /// <summary>Skips JSON whitespace, or nothing when <paramref name="whitespace"/> is false (text that may span lines).</summary>
    private static int SkipWhitespace(ReadOnlySpan<byte> line, int at, bool whitespace)
    {
        if (!whitespace)
        {
            return at;
        }

        while (at < line.Length && line[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }

        return at;
    }

    private static JsonReaderState StateAfterValue(ReadOnlySpan<byte> json, JsonTokenType last)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: false, state: default);
        while (reader.TokenType != last && reader.Read())
        {
        }

        return reader.CurrentState;
    }
}
