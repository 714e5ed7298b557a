using System.Text.Json;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Where a line's <see cref="Utf8JsonReader"/> stands in the line. Hashes and audit paths are read with span searches
/// (<see cref="ProofArrayScanner"/>); the reader then restarts after them, in the state it would have had after
/// reading the same value itself.
/// </summary>
internal ref struct LineCursor(ReadOnlySpan<byte> line)
{
    public ReadOnlySpan<byte> Line { get; } = line;

    /// <summary>The index in <see cref="Line"/> of the reader's first byte.</summary>
    public int Origin { get; private set; }

    /// <summary>The index in <see cref="Line"/> of the first byte the reader has not consumed.</summary>
    public readonly int Position(in Utf8JsonReader reader) => Origin + (int)reader.BytesConsumed;

    /// <summary>Restarts <paramref name="reader"/> at <paramref name="end"/>, just after a value read by hand.</summary>
    public void Restart(ref Utf8JsonReader reader, int end, JsonReaderState afterValue)
    {
        Origin = end;
        reader = new Utf8JsonReader(Line[end..], isFinalBlock: true, afterValue);
    }
}
