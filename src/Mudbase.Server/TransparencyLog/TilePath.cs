using System.Globalization;
using System.Text;
using Mudbase.Server.Storage.Tiles;

namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// The C2SP tlog-tiles path of a hash tile, <c>&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c>: the index N in groups of three
/// digits, every group but the last prefixed with <c>x</c> (1234067 is <c>x001/x234/067</c>), and the width W (1–255)
/// only for a partial tile.
/// </summary>
internal readonly record struct TilePath(int Level, long Index, int Width)
{
    public const int MaxLevel = 63;

    public bool IsPartial => Width < TileLayout.Width;

    public override string ToString()
    {
        var digits = Index.ToString(CultureInfo.InvariantCulture);
        digits = digits.PadLeft((digits.Length + 2) / 3 * 3, '0');
        var path = new StringBuilder().Append(Level).Append('/');
        for (var i = 0; i < digits.Length; i += 3)
            path.Append(i + 3 < digits.Length ? "x" : "").Append(digits, i, 3).Append(i + 3 < digits.Length ? "/" : "");
        return IsPartial ? path.Append(".p/").Append(Width).ToString() : path.ToString();
    }

    /// <summary>Parses a path in its one canonical spelling; anything else (leading zeros, a missing x, W of 0 or 256) is refused.</summary>
    public static bool TryParse(string? path, out TilePath tile)
    {
        tile = default;
        var parts = (path ?? "").Split('/');
        if (parts.Length < 2 || !TryNumber(parts[0], MaxLevel, out var level))
            return false;
        var width = (long)TileLayout.Width;
        var last = parts.Length - 1;
        if (parts.Length >= 3 && parts[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryNumber(parts[^1], TileLayout.Width - 1, out width) || width == 0)
                return false;
            parts[^2] = parts[^2][..^2];
            last = parts.Length - 2;
        }
        // Six groups of three digits already exceed every index a log of 2^63 leaves can have.
        if (last > 6)
            return false;
        long index = 0;
        for (var i = 1; i <= last; i++)
        {
            var group = parts[i];
            var final = i == last;
            if (group.Length != (final ? 3 : 4) || (!final && group[0] != 'x'))
                return false;
            var digits = final ? group : group[1..];
            if (!digits.All(char.IsAsciiDigit))
                return false;
            index = index * 1000 + int.Parse(digits, CultureInfo.InvariantCulture);
        }
        tile = new TilePath((int)level, index, (int)width);
        return true;
    }

    private static bool TryNumber(string text, long max, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 3 || (text.Length > 1 && text[0] == '0') || !text.All(char.IsAsciiDigit))
            return false;
        value = long.Parse(text, CultureInfo.InvariantCulture);
        return value <= max;
    }
}
