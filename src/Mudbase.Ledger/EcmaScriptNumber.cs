using System.Globalization;

namespace Mudbase.Ledger;

/// <summary>Formats doubles the way ECMAScript's Number.prototype.toString does (ECMA-262 Number::toString).</summary>
internal static class EcmaScriptNumber
{
    // Below 2^53 every integer-valued double's shortest round-trip digits are the integer itself.
    private const double ExactIntegerLimit = 9007199254740992d;

    public static string Format(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("NaN and infinities have no JSON representation.", nameof(value));
        }

        if (value == 0)
        {
            return "0"; // Also for -0, as ECMAScript prints it.
        }

        if (Math.Abs(value) < ExactIntegerLimit && value == Math.Floor(value))
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        // .NET's "R" yields the shortest digits that round-trip, the same digits ECMAScript chooses;
        // only the layout differs, so take the digits and decimal exponent and lay them out anew.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, n) = Decompose(shortest);
        var text = Layout(digits, n);
        return value < 0 ? "-" + text : text;
    }

    /// <summary>Splits "d.dddE±x" into significant digits s and exponent n with value = 0.s × 10^n.</summary>
    private static (string Digits, int N) Decompose(string shortest)
    {
        var e = shortest.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var exponent = e < 0 ? 0 : int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var pointPosition = point < 0 ? mantissa.Length : point;
        var digits = point < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, point), mantissa.AsSpan(point + 1));

        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..].TrimEnd('0');
        return (digits, pointPosition - leading + exponent);
    }

    private static string Layout(string s, int n)
    {
        var k = s.Length;
        if (k <= n && n <= 21)
        {
            return s + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return string.Concat(s.AsSpan(0, n), ".", s.AsSpan(n));
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + s;
        }

        var e = n - 1;
        var exponent = (e < 0 ? "e-" : "e+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        return k == 1 ? s + exponent : string.Concat(s.AsSpan(0, 1), ".", s.AsSpan(1)) + exponent;
    }
}
