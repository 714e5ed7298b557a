namespace Mudbase.Ledger;

/// <summary>
/// Standard padded base64 (RFC 4648 §4) that accepts only the one canonical spelling of each byte string,
/// so a signed or hashed value cannot be re-encoded into a different text that still decodes.
/// </summary>
internal static class StrictBase64
{
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 != 0)
        {
            return false;
        }

        // Convert skips whitespace, which a strict reader must not.
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '/' or '='))
            {
                return false;
            }
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64Chars(text, buffer, out var written))
        {
            return false;
        }

        var decoded = buffer.AsSpan(0, written).ToArray();
        if (!text.SequenceEqual(Convert.ToBase64String(decoded)))
        {
            return false; // Non-zero padding bits.
        }

        bytes = decoded;
        return true;
    }
}
