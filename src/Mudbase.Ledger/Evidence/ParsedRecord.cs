using System.Buffers;

namespace Mudbase.Ledger.Evidence;

/// <summary>One event line as read, reused from line to line by one verifying thread.</summary>
internal sealed class ParsedRecord
{
    /// <summary>The longest audit path a tree of up to 2^63 leaves can have.</summary>
    public const int MaxProofLength = 63;

    private readonly List<ParsedDetail> _pool = [];

    /// <summary>Strings that repeat from line to line, decoded once.</summary>
    public Utf8StringCache Strings { get; } = new();

    public long LeafIndex { get; set; }

    /// <summary>The event's text fields, unescaped UTF-8 kept in <see cref="Text"/>.</summary>
    public Utf8Slice IdText { get; set; }

    public long Seq { get; set; }

    public Utf8Slice OrgText { get; set; }

    public Utf8Slice EventTypeText { get; set; }

    public Utf8Slice SeverityText { get; set; }

    public Utf8Slice RecordedAtText { get; set; }

    public Utf8Slice ActorText { get; set; }

    /// <summary>Absent both when the line has no source and when it is JSON null; the reader requires nothing of it.</summary>
    public Utf8Slice SourceText { get; set; }

    /// <summary>The bytes every <see cref="Utf8Slice"/> of this line points into.</summary>
    public Utf8TextBuffer Text { get; } = new();

    /// <summary>The event id, decoded only for messages.</summary>
    public string? Id => Text.Decode(IdText);

    /// <summary>The organisation, decoded only for messages.</summary>
    public string? Org => Text.Decode(OrgText);

    public byte[] LeafHash { get; } = new byte[MerkleHash.Size];

    /// <summary>The audit path's elements back to back, <see cref="ProofLength"/> of them.</summary>
    public byte[] Proof { get; } = new byte[MaxProofLength * MerkleHash.Size];

    public int ProofLength { get; set; }

    /// <summary>The text each position of <see cref="Proof"/> was decoded from, to skip decoding it again.</summary>
    public ProofTextMemo ProofMemo { get; } = new();

    public int DetailCount { get; private set; }

    public ParsedDetail Detail(int i) => _pool[i];

    public void Clear()
    {
        IdText = OrgText = EventTypeText = SeverityText = RecordedAtText = ActorText = SourceText = Utf8Slice.Absent;
        Text.Clear();
        LeafIndex = Seq = -1;
        ProofLength = 0;
        DetailCount = 0;
    }

    public ParsedDetail AddDetail(string name, Utf8Slice nameText)
    {
        if (DetailCount == _pool.Count)
        {
            _pool.Add(new ParsedDetail());
        }

        var detail = _pool[DetailCount++];
        detail.Reset(name, nameText);
        return detail;
    }
}

/// <summary>One detail of a <see cref="ParsedRecord"/>.</summary>
internal sealed class ParsedDetail
{
    private readonly ArrayBufferWriter<byte> _canonical = new(64);

    public string Name { get; private set; } = "";

    /// <summary>The name as unescaped UTF-8 in the record's <see cref="ParsedRecord.Text"/>.</summary>
    public Utf8Slice NameText { get; private set; }

    /// <summary>
    /// The commitment as written, when it is not the canonical base64 of 32 bytes; otherwise null, and the leaf hashes
    /// the re-encoded <see cref="CommitmentHash"/>, which is the same text.
    /// </summary>
    public string? Commitment { get; set; }

    /// <summary>The decoded commitment, when it is the base64 of 32 bytes.</summary>
    public byte[] CommitmentHash { get; } = new byte[MerkleHash.Size];

    public bool HasCommitmentHash { get; set; }

    /// <summary>True when the line has a value, even an explicit JSON null.</summary>
    public bool HasValue { get; private set; }

    public bool ValueIsNull { get; private set; }

    /// <summary>The RFC 8785 form of the value, as committed to.</summary>
    public ReadOnlySpan<byte> CanonicalValue => _canonical.WrittenSpan;

    public byte[] Salt { get; } = new byte[Ledger.Commitment.SaltSize];

    public bool HasSalt { get; set; }

    public bool Erased { get; set; }

    public void Reset(string name, Utf8Slice nameText)
    {
        Name = name;
        NameText = nameText;
        Commitment = null;
        HasCommitmentHash = false;
        HasValue = false;
        ValueIsNull = false;
        _canonical.ResetWrittenCount();
        HasSalt = false;
        Erased = false;
    }

    /// <summary>Starts writing the value's canonical form.</summary>
    public ArrayBufferWriter<byte> BeginValue()
    {
        _canonical.ResetWrittenCount();
        return _canonical;
    }

    public void EndValue(bool isNull)
    {
        HasValue = true;
        ValueIsNull = isNull;
    }
}
