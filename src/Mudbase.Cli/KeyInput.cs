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

    /// <summary>Reads every repeated <c>--public-key</c>; stops at the first that is not a key.</summary>
    public static bool TryReadAll(IEnumerable<string> arguments, out List<NoteVerifier> keys, [NotNullWhen(false)] out string? error)
    {
        keys = [];
        foreach (var argument in arguments)
        {
            if (!TryRead(argument, out var key, out error))
            {
                return false;
            }

            keys.Add(key!);
        }

        error = null;
        return true;
    }
}
