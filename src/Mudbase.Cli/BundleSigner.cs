using System.Text.Json;
using Mudbase.Ledger;

namespace Mudbase.Cli;

/// <summary>Of several pinned keys (a rotation's old and new ones), the one that signed a bundle's checkpoint.</summary>
internal static class BundleSigner
{
    /// <summary>The first pinned key that verifies the checkpoint in the bundle's header line; else the first key, whose failure the verifier then reports.</summary>
    public static NoteVerifier Choose(FileInfo bundle, IReadOnlyList<NoteVerifier> pinned)
    {
        try
        {
            using var reader = new StreamReader(bundle.FullName);
            using var header = JsonDocument.Parse(reader.ReadLine() ?? "");
            var note = header.RootElement.GetProperty("checkpoint").GetString() ?? "";
            return pinned.FirstOrDefault(k => k.TryVerify(note, out _)) ?? pinned[0];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return pinned[0];
        }
    }
}
