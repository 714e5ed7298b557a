namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Hands out one string per distinct short UTF-8 value, so that the organisation, severity, event type, detail names
/// and the like, which repeat on nearly every line, are decoded and allocated once rather than per line.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Slots = 512;
    private const int MaxLength = 64;

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[]?[] _keys = new byte[]?[Slots];
    private readonly string?[] _values = new string?[Slots];

    /// <summary>The string for <paramref name="utf8"/>, JSON text without escapes.</summary>
    /// <exception cref="ArgumentException">The bytes are not valid UTF-8.</exception>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return StrictUtf8.GetString(utf8);
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        var slot = hash.ToHashCode() & (Slots - 1);
        var key = _keys[slot];
        if (key is not null && utf8.SequenceEqual(key))
        {
            return _values[slot]!;
        }

        // Direct-mapped: a collision simply replaces the entry.
        var value = StrictUtf8.GetString(utf8);
        _keys[slot] = utf8.ToArray();
        _values[slot] = value;
        return value;
    }
}
