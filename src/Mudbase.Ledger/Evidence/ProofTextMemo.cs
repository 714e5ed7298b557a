namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Remembers the text of each inclusion-proof element of the previous line, by position. Consecutive leaves share most
/// of their audit path, and the same text decodes to the same bytes, so an element whose text repeats keeps the bytes
/// already decoded at that position of <see cref="ParsedRecord.Proof"/> instead of being decoded again.
/// </summary>
internal sealed class ProofTextMemo
{
    private const int MaxText = HashText.MaxEscapedLength;

    private readonly byte[] _text = new byte[ParsedRecord.MaxProofLength * MaxText];
    private readonly int[] _length = new int[ParsedRecord.MaxProofLength];

    public ProofTextMemo() => Forget();

    /// <summary>True when position <paramref name="at"/> last decoded from exactly <paramref name="text"/>.</summary>
    public bool Repeats(int at, ReadOnlySpan<byte> text) =>
        _length[at] == text.Length && text.SequenceEqual(_text.AsSpan(at * MaxText, text.Length));

    /// <summary>The text position <paramref name="at"/> last decoded from; empty when there is none.</summary>
    public ReadOnlySpan<byte> Text(int at) =>
        _length[at] > 0 ? _text.AsSpan(at * MaxText, _length[at]) : default;

    /// <summary>Records that position <paramref name="at"/> now holds the bytes decoded from <paramref name="text"/>.</summary>
    public void Remember(int at, ReadOnlySpan<byte> text)
    {
        if (text.Length > MaxText)
        {
            _length[at] = -1;
            return;
        }

        text.CopyTo(_text.AsSpan(at * MaxText));
        _length[at] = text.Length;
    }

    /// <summary>Forgets position <paramref name="at"/>, whose bytes no longer match any remembered text.</summary>
    public void Forget(int at) => _length[at] = -1;

    /// <summary>Forgets every position.</summary>
    public void Forget() => _length.AsSpan().Fill(-1);
}
