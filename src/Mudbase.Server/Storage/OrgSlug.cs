using System.Globalization;
using System.Text;

namespace Mudbase.Server.Storage;

/// <summary>URL-friendly form of an organisation name: lowercase ASCII letters and digits joined by single hyphens.</summary>
internal static class OrgSlug
{
    private const int MaxLength = 64;

    public static string From(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsAsciiLetterOrDigit(c))
                builder.Append(char.ToLowerInvariant(c));
            else if (builder.Length > 0 && builder[^1] != '-')
                builder.Append('-');
            if (builder.Length >= MaxLength)
                break;
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "org" : slug;
    }
}
