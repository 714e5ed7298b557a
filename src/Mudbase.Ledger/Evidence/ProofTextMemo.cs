namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Remembers the text of each inclusion-proof element of the previous line, by position. Consecutive leaves share most
/// of their audit path, and the same text decodes to the same bytes, so an element whose text repeats keeps the bytes
/// already decoded at that position of <see cref="ParsedRecord.Proof"/> instead of being decoded again. The last array
/// read without whitespace is also kept whole: the elements that differ from line to line are the first few (the
/// levels below the two leaves' common ancestor), so the rest of a line's array usually matches the previous line's
/// rest in one comparison.
/// </summary>
internal sealed class ProofTextMemo
{
    private const int MaxText = HashText.MaxEscapedLength;

    private readonly byte[] _text = new byte[ParsedRecord.MaxProofLength * MaxText];
    private readonly int[] _length = new int[ParsedRecord.MaxProofLength];
    private readonly int[] _starts = new int[ParsedRecord.MaxProofLength];
    private byte[] _array = new byte[4096];
    private int _arrayLength = -1;
    private int _arrayCount;

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
    public void Forget()
    {
        _length.AsSpan().Fill(-1);
        ForgetArray();
    }

    /// <summary>Forgets the previous line's array as a whole; its positions stay remembered one by one.</summary>
    public void ForgetArray() => _arrayLength = -1;

    /// <summary>
    /// Remembers a whole array, from its first element's opening quote to its closing bracket, with where each element
    /// starts in it. Every position it covers must now hold the bytes decoded from its element.
    /// </summary>
    public void RememberArray(ReadOnlySpan<byte> array, ReadOnlySpan<int> starts)
    {
        if (array.Length > _array.Length)
        {
            _array = new byte[array.Length * 2];
        }

        array.CopyTo(_array);
        _arrayLength = array.Length;
        starts.CopyTo(_starts);
        _arrayCount = starts.Length;
    }

    /// <summary>
    /// When <paramref name="rest"/> starts with the remembered array from element <paramref name="position"/> on (its
    /// closing bracket included), the length of that text; else -1.
    /// </summary>
    public int RepeatsFrom(int position, ReadOnlySpan<byte> rest)
    {
        if (_arrayLength < 0 || position >= _arrayCount)
        {
            return -1;
        }

        var tail = _array.AsSpan(_starts[position], _arrayLength - _starts[position]);
        return rest.StartsWith(tail) ? tail.Length : -1;
    }

    /// <summary>
    /// Fills <paramref name="starts"/> from <paramref name="position"/> on with where the remembered elements would
    /// start in an array whose element <paramref name="position"/> starts at <paramref name="start"/>.
    /// </summary>
    /// <returns>The remembered array's number of elements.</returns>
    public int Remembered(int position, int start, Span<int> starts)
    {
        var shift = start - _starts[position];
        for (var i = position; i < _arrayCount; i++)
        {
            starts[i] = _starts[i] + shift;
        }

        return _arrayCount;
    }
}
