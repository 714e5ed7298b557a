using System.Diagnostics.CodeAnalysis;
using Mudbase.Ledger;

namespace Mudbase.Cli;

/// <summary>Reads a note verifier key given on the command line, either itself or as a file that holds it.</summary>
internal static class KeyInput
{
    public static bool TryRead(string? argument, out NoteVerifier? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        error = null;
        if (argument is null)
        {
            return true;
        }

        var text = argument;
        if (File.Exists(argument))
        {
            text = File.ReadAllText(argument);
        }

        if (NoteVerifier.TryParse(text.Trim(), out key))
        {
            return true;
        }

        error = $"--public-key is neither a note verifier key (name+hash+base64) nor a file holding one: {argument}";
        return false;
    }
}
