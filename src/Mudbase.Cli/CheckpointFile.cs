using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Ledger;

namespace Mudbase.Cli;

/// <summary>
/// Reads a checkpoint saved to a file: either the signed note itself, or the JSON the checkpoint endpoint answers
/// with, whose <c>checkpoint</c> member holds the note.
/// </summary>
internal static class CheckpointFile
{
    /// <summary>Reads and, when a key is given, authenticates a checkpoint.</summary>
    /// <param name="path">The file.</param>
    /// <param name="key">The log's key; null to take the note's text without checking its signature.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="error">Why the file is not a usable checkpoint.</param>
    public static bool TryRead(string path, NoteVerifier? key, [NotNullWhen(true)] out Checkpoint? checkpoint, [NotNullWhen(false)] out string? error)
    {
        checkpoint = null;
        string note;
        try
        {
            note = NoteOf(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            error = $"cannot read checkpoint {path}: {e.Message}";
            return false;
        }

        string? body;
        if (key is not null)
        {
            if (!key.TryVerify(note, out body))
            {
                error = $"checkpoint {path} is not signed by key {key.KeyName}+{key.KeyHash:x8}";
                return false;
            }
        }
        else
        {
            // Unauthenticated: the text above the last blank line, or all of it for a bare checkpoint body.
            var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
            body = split >= 0 ? note[..(split + 1)] : note;
        }

        if (!Checkpoint.TryParse(body, out checkpoint))
        {
            error = $"{path} does not hold a well-formed checkpoint";
            return false;
        }

        error = null;
        return true;
    }

    private static string NoteOf(string text)
    {
        if (!text.TrimStart().StartsWith('{'))
        {
            return text;
        }

        return JsonSerializer.Deserialize(text, MudbaseJsonContext.Default.CheckpointResponse)?.Checkpoint
            ?? throw new InvalidOperationException("the checkpoint member is missing");
    }
}
