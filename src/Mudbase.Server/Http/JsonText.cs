using System.Text.Json;

namespace Mudbase.Server.Http;

/// <summary>
/// Explains why a body is not acceptable JSON in words a caller can act on: text that stops before the document is
/// complete, nesting past the limit, or a string escape that is not valid Unicode (a lone UTF-16 surrogate such as
/// <c>"\ud800"</c>, which the parser accepts but no string can hold).
/// </summary>
internal static class JsonText
{
    /// <summary>For a body the parser refused: why, when it is cut off or too deep; null for any other syntax error.</summary>
    public static string? ExplainRefusal(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        // Not the final block: running out of input ends the loop instead of throwing, so a cut-off body is told
        // apart from a malformed one. The reader's own depth limit is above ours so that ours is the one reported.
        var reader = new Utf8JsonReader(utf8, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = maxDepth + 2 }));
        var depth = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && ++depth > maxDepth)
                    return $"JSON is nested deeper than {maxDepth} levels";
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                    depth--;
            }
        }
        catch (JsonException)
        {
            return null;
        }
        // A whole document read to its end was refused for something else (a duplicate property): the parser says what.
        if (depth == 0 && reader.TokenType != JsonTokenType.None)
            return null;
        return "JSON ends before the document is complete";
    }

    /// <summary>The first string or property name no text can hold, or null (also when the JSON is malformed: the parser says why).</summary>
    public static string? FindInvalidString(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && reader.ValueIsEscaped && !HoldsText(ref reader))
                    return $"JSON contains a string escape that is not valid Unicode, such as a lone surrogate (byte {reader.TokenStartIndex + 1})";
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private static bool HoldsText(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
