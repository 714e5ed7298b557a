using System.Text.Json;

namespace Mudbase.Server.Operations;

/// <summary>A checkpoint saved to a file: the signed note itself, or the checkpoint endpoint's JSON holding it.</summary>
internal static class SignedCheckpointText
{
    public static string Read(string path)
    {
        var text = File.ReadAllText(path);
        if (!text.TrimStart().StartsWith('{'))
            return text;
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("checkpoint").GetString()
            ?? throw new InvalidOperationException($"{path}: the checkpoint member is null");
    }
}
