using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Mudbase.Ledger.Evidence;

/// <summary>Decodes 32-byte hashes written as canonical padded base64 straight from UTF-8 JSON tokens.</summary>
internal static class HashText
{
    public const int EncodedLength = 44;

    // Every character written as a six-byte \uXXXX escape.
    public const int MaxEscapedLength = EncodedLength * 6;

    /// <summary>Decodes the current string token into <paramref name="destination"/> (32 bytes).</summary>
    public static bool TryDecode(ref Utf8JsonReader reader, Span<byte> destination)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return TryDecode(reader.ValueSpan, destination);
        }

        // System.Text.Json's default encoder writes '+' as \u002B, so escaped hashes are the rule, not a curiosity;
        // undoing the few escapes base64 can need is much cheaper than the reader's general unescaping.
        if (reader.HasValueSequence)
        {
            return false;
        }

        return TryDecodeRaw(reader.ValueSpan, destination);
    }

    /// <summary>Decodes the raw text of a JSON string (between its quotes, escapes as written).</summary>
    public static bool TryDecodeRaw(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return TryDecode(raw, destination);
        }

        Span<byte> text = stackalloc byte[EncodedLength];
        return TryUnescape(raw, text) && TryDecode(text, destination);
    }

    /// <summary>Decodes exactly 43 significant characters and one '=' into 32 bytes.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, Span<byte> destination)
    {
        if (utf8.Length != EncodedLength || utf8[^1] != (byte)'=')
        {
            return false;
        }

        var status = Base64.DecodeFromUtf8(utf8, destination, out _, out var written);
        if (status != OperationStatus.Done || written != MerkleHash.Size)
        {
            return false;
        }

        // The last significant character carries two unused bits; requiring them to be zero gives each hash one spelling.
        return (SextetOf(utf8[^2]) & 0b11) == 0;
    }

    /// <summary>Undoes <c>\uXXXX</c> (ASCII only) and <c>\/</c> escapes into exactly <see cref="EncodedLength"/> bytes.</summary>
    private static bool TryUnescape(ReadOnlySpan<byte> raw, Span<byte> text)
    {
        var written = 0;
        while (!raw.IsEmpty)
        {
            var plain = raw.IndexOf((byte)'\\');
            var run = plain < 0 ? raw.Length : plain;
            if (written + run > text.Length)
            {
                return false;
            }

            raw[..run].CopyTo(text[written..]);
            written += run;
            raw = raw[run..];
            if (raw.IsEmpty)
            {
                break;
            }

            if (written == text.Length)
            {
                return false;
            }

            if (raw.Length >= 2 && raw[1] == (byte)'/')
            {
                text[written++] = (byte)'/';
                raw = raw[2..];
            }
            else if (raw.Length >= 6 && raw[1] == (byte)'u' && raw[2] == (byte)'0' && raw[3] == (byte)'0'
                && HexDigit(raw[4]) is >= 0 and < 8 and var high && HexDigit(raw[5]) is >= 0 and var low)
            {
                text[written++] = (byte)((high << 4) | low);
                raw = raw[6..];
            }
            else
            {
                return false; // Any other escape stands for a character base64 does not use.
            }
        }

        return written == text.Length;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static int SextetOf(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };
}
