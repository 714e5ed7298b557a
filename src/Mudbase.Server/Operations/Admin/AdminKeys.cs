using System.Diagnostics.CodeAnalysis;
using Mudbase.Ledger;

namespace Mudbase.Server.Operations.Admin;

/// <summary>The <c>--public-key</c> values of an administration command: each a note verifier key, or a file holding one.</summary>
internal static class AdminKeys
{
    public static bool TryParse(IEnumerable<string> arguments, out List<NoteVerifier> keys, [NotNullWhen(false)] out string? error)
    {
        keys = [];
        foreach (var argument in arguments)
        {
            var text = File.Exists(argument) ? File.ReadAllText(argument) : argument;
            if (!NoteVerifier.TryParse(text.Trim(), out var key))
            {
                error = $"--public-key is neither a note verifier key (name+hash+base64) nor a file holding one: {argument}";
                return false;
            }

            keys.Add(key);
        }

        error = null;
        return true;
    }
}
