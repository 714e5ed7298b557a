using System.Text;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// PostgreSQL text cannot hold NUL and the driver will not encode a lone surrogate; both are legal in a JSON string.
/// Such characters become U+FFFD on the way in, in writes and lookups alike, so one odd value can neither fail a
/// whole append batch nor turn a query into a 500.
/// </summary>
internal static class PostgresText
{
    public static string? Safe(string? value)
    {
        if (value is null || !NeedsRepair(value))
            return value;
        var builder = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
            builder.Append(rune.Value == 0 ? '\uFFFD' : rune.ToString());
        return builder.ToString();
    }

    private static bool NeedsRepair(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
                return true;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return true;
        }
        return false;
    }
}
