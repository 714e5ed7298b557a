using System.Text.Json;
using System.Text.Unicode;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Produces the RFC 8785 form of a detail value straight from the reader for the common scalar cases, and through
/// <see cref="CanonicalJson"/> for everything else, so most values never become a <see cref="JsonDocument"/>.
/// </summary>
internal static class CanonicalValue
{
    /// <summary>Reads the value at the reader's position into <paramref name="detail"/>; false when it has no canonical form.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, ParsedDetail detail)
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

                detail.SetUnescapedString(reader.ValueSpan);
                return true;
            case JsonTokenType.Number:
                if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    return false;
                }

                Span<byte> digits = stackalloc byte[32];
                var text = CanonicalJson.FormatNumber(number);
                var length = System.Text.Encoding.ASCII.GetBytes(text, digits);
                detail.SetValue(digits[..length]);
                return true;
            case JsonTokenType.True:
                detail.SetValue("true"u8);
                return true;
            case JsonTokenType.False:
                detail.SetValue("false"u8);
                return true;
            case JsonTokenType.Null:
                detail.SetValue("null"u8, isNull: true);
                return true;
            default:
                try
                {
                    detail.SetValue(CanonicalJson.Serialize(JsonElement.ParseValue(ref reader)));
                    return true;
                }
                catch (ArgumentException)
                {
                    return false;
                }
        }
    }
}
