using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Writes the RFC 8785 form of a detail value straight from the reader, so values never become a
/// <see cref="JsonDocument"/>. It must agree byte for byte with <see cref="CanonicalJson.Serialize(JsonElement)"/>,
/// which the commitments were made with, and is tested against it.
/// </summary>
internal static class CanonicalValue
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the value at the reader's position into <paramref name="detail"/>; false when it has no canonical form.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, ParsedDetail detail, Utf8StringCache names)
    {
        var output = detail.BeginValue();
        try
        {
            if (!TryWrite(ref reader, output, names))
            {
                return false;
            }
        }
        catch (ArgumentException)
        {
            return false; // Text that is not valid UTF-8 or UTF-16 has no canonical form.
        }

        detail.EndValue(isNull: reader.TokenType == JsonTokenType.Null);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryWrite(ref Utf8JsonReader reader, ArrayBufferWriter<byte> output, Utf8StringCache names)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when !reader.ValueIsEscaped && !reader.HasValueSequence:
                // Unescaped JSON text holds no quote, backslash or control character, the only bytes RFC 8785 escapes,
                // so once it is known to be valid UTF-8 (no lone surrogates) it is already canonical.
                if (!Utf8.IsValid(reader.ValueSpan))
                {
                    return false;
                }

                output.Write("\""u8);
                output.Write(reader.ValueSpan);
                output.Write("\""u8);
                return true;
            case JsonTokenType.String:
                WriteString(reader.GetString()!, output);
                return true;
            case JsonTokenType.Number when IsPlainInteger(reader):
                // Up to 15 digits without sign, fraction or exponent: an integer below 2^53, which ECMAScript prints as is.
                output.Write(reader.ValueSpan);
                return true;
            case JsonTokenType.Number:
                if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    return false;
                }

                var text = CanonicalJson.FormatNumber(number);
                Encoding.ASCII.GetBytes(text, output.GetSpan(text.Length));
                output.Advance(text.Length);
                return true;
            case JsonTokenType.True:
                output.Write("true"u8);
                return true;
            case JsonTokenType.False:
                output.Write("false"u8);
                return true;
            case JsonTokenType.Null:
                output.Write("null"u8);
                return true;
            case JsonTokenType.StartArray:
                output.Write("["u8);
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first)
                    {
                        output.Write(","u8);
                    }

                    first = false;
                    if (!TryWrite(ref reader, output, names))
                    {
                        return false;
                    }
                }

                output.Write("]"u8);
                return true;
            case JsonTokenType.StartObject:
                return TryWriteObject(ref reader, output, names);
            default:
                return false;
        }
    }

    private static bool IsPlainInteger(in Utf8JsonReader reader) =>
        !reader.HasValueSequence && reader.ValueSpan.Length <= 15 && !reader.ValueSpan.ContainsAnyExceptInRange((byte)'0', (byte)'9');

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryWriteObject(ref Utf8JsonReader reader, ArrayBufferWriter<byte> output, Utf8StringCache names)
    {
        // Each member is written as its canonical "name":value, then the members are sorted by name.
        var members = new List<(string Name, byte[] Member)>();
        var scratch = new ArrayBufferWriter<byte>(64);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            scratch.ResetWrittenCount();
            string name;
            if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                // Valid UTF-8 (the cache decodes it strictly) without escapes is already canonical, as for string values.
                name = names.Get(reader.ValueSpan);
                scratch.Write("\""u8);
                scratch.Write(reader.ValueSpan);
                scratch.Write("\""u8);
            }
            else
            {
                name = reader.GetString()!;
                WriteString(name, scratch);
            }

            scratch.Write(":"u8);
            reader.Read();
            if (!TryWrite(ref reader, scratch, names))
            {
                return false;
            }

            members.Add((name, scratch.WrittenSpan.ToArray()));
        }

        // RFC 8785 orders members by the UTF-16 code units of their names, which is exactly ordinal string order.
        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        output.Write("{"u8);
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
                {
                    return false; // A repeated name has no canonical form.
                }

                output.Write(","u8);
            }

            output.Write(members[i].Member);
        }

        output.Write("}"u8);
        return true;
    }

    /// <summary>A string literal with only what RFC 8785 §3.2.2.2 escapes escaped.</summary>
    /// <exception cref="ArgumentException">The string holds an unpaired surrogate.</exception>
    private static void WriteString(string value, ArrayBufferWriter<byte> output)
    {
        var utf8 = StrictUtf8.GetBytes(value);
        output.Write("\""u8);
        foreach (var b in utf8)
        {
            switch (b)
            {
                case (byte)'"':
                    output.Write("\\\""u8);
                    break;
                case (byte)'\\':
                    output.Write("\\\\"u8);
                    break;
                case 0x08:
                    output.Write("\\b"u8);
                    break;
                case 0x09:
                    output.Write("\\t"u8);
                    break;
                case 0x0A:
                    output.Write("\\n"u8);
                    break;
                case 0x0C:
                    output.Write("\\f"u8);
                    break;
                case 0x0D:
                    output.Write("\\r"u8);
                    break;
                case < 0x20:
                    output.Write("\\u00"u8);
                    output.Write([(byte)"0123456789abcdef"[b >> 4], (byte)"0123456789abcdef"[b & 0xF]]);
                    break;
                default:
                    output.GetSpan(1)[0] = b;
                    output.Advance(1);
                    break;
            }
        }

        output.Write("\""u8);
    }
}
