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

    public string? Id { get; set; }

    public long Seq { get; set; }

    public string? Org { get; set; }

    public string? EventType { get; set; }

    public string? Severity { get; set; }

    public string? RecordedAt { get; set; }

    public string? Actor { get; set; }

    public string? Source { get; set; }

    public byte[] LeafHash { get; } = new byte[MerkleHash.Size];

    /// <summary>The audit path's elements back to back, <see cref="ProofLength"/> of them.</summary>
    public byte[] Proof { get; } = new byte[MaxProofLength * MerkleHash.Size];

    public int ProofLength { get; set; }

    public int DetailCount { get; private set; }

    public ParsedDetail Detail(int i) => _pool[i];

    public void Clear()
    {
        Id = Org = EventType = Severity = RecordedAt = Actor = Source = null;
        LeafIndex = Seq = -1;
        ProofLength = 0;
        DetailCount = 0;
    }

    public ParsedDetail AddDetail(string name)
    {
        if (DetailCount == _pool.Count)
        {
            _pool.Add(new ParsedDetail());
        }

        var detail = _pool[DetailCount++];
        detail.Reset(name);
        return detail;
    }
}

/// <summary>One detail of a <see cref="ParsedRecord"/>.</summary>
internal sealed class ParsedDetail
{
    private readonly ArrayBufferWriter<byte> _canonical = new(64);

    public string Name { get; private set; } = "";

    /// <summary>The commitment as written, which is what the leaf hashes.</summary>
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

    public void Reset(string name)
    {
        Name = name;
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
