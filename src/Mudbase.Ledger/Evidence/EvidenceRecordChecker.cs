using System.Runtime.CompilerServices;
namespace Mudbase.Ledger.Evidence;

/// <summary>Checks event lines against one verified checkpoint; one instance per verifying thread.</summary>
internal sealed class EvidenceRecordChecker
{
    private readonly ParsedRecord _record = new();
    private readonly EvidenceLeafHasher _leaf = new();
    private readonly byte[] _leafHash = new byte[MerkleHash.Size];
    private readonly byte[] _orgUtf8;
    private readonly AuditPathCache _paths;
    private readonly long _treeSize;
    private readonly string _org;

    public EvidenceRecordChecker(Checkpoint checkpoint, string org)
    {
        _treeSize = checkpoint.Size;
        _org = org;
        _orgUtf8 = System.Text.Encoding.UTF8.GetBytes(org);
        _paths = new AuditPathCache(checkpoint.Size, checkpoint.RootHash);
    }

    /// <summary>Starts a run of consecutive lines; proofs before it are no longer relied on.</summary>
    public void StartRun() => _paths.Reset();

    /// <summary>Checks the line at the start of <paramref name="text"/>, which must hold leaf <paramref name="expectedIndex"/>.</summary>
    /// <param name="text">The line's bytes and perhaps further lines after its newline.</param>
    /// <param name="expectedIndex">The leaf index this line must carry.</param>
    /// <param name="lineNumber">The 1-based line number in the bundle, for messages.</param>
    /// <param name="lineLength">The length of the line, without its newline.</param>
    /// <param name="erased">The erased details on the line, when it verifies.</param>
    /// <returns>Null when the line verifies, else the reason it does not.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public EvidenceFailure? Check(ReadOnlySpan<byte> text, long expectedIndex, long lineNumber, out int lineLength, out int erased)
    {
        erased = 0;
        var record = _record;

        // The exporter's own shape is read with span searches, which also find where the line ends; any other line goes
        // through the JSON reader, which also gives every message about a malformed line.
        if (!StrictLineParser.TryRead(text, record, out lineLength))
        {
            lineLength = text.IndexOf((byte)'\n');
            if (lineLength < 0)
            {
                lineLength = text.Length;
            }

            var line = text[..lineLength];
            if (IsBlank(line))
            {
                return new EvidenceFailure(expectedIndex, null, $"line {lineNumber} is empty");
            }

            if (!EvidenceRecordReader.TryRead(line, record, out var error))
            {
                return new EvidenceFailure(expectedIndex, record.Id, $"line {lineNumber}: {error}");
            }
        }

        var index = record.LeafIndex;
        if (index != expectedIndex)
        {
            return Fail(expectedIndex,
                $"line {lineNumber} holds leaf {index} where leaf {expectedIndex} belongs: an event line is missing, repeated or out of order");
        }

        if (index >= _treeSize)
        {
            return Fail(index, $"leaf {index} lies beyond the checkpoint's tree of {_treeSize} leaves");
        }

        if (record.Seq != index + 1)
        {
            return Fail(index, $"event.seq is {record.Seq} but leaf {index} has sequence number {index + 1}");
        }

        if (!record.Text[record.OrgText].SequenceEqual(_orgUtf8))
        {
            return Fail(index, $"event.org is '{record.Org}' but the log belongs to '{_org}'");
        }

        for (var i = 0; i < record.DetailCount; i++)
        {
            var detail = record.Detail(i);
            if (detail.Erased)
            {
                if (detail.HasSalt || (detail.HasValue && !detail.ValueIsNull))
                {
                    return Fail(index, $"detail '{detail.Name}' is marked erased but still carries its value or salt");
                }

                erased++;
            }
            else if (!detail.HasValue || !detail.HasSalt)
            {
                return Fail(index, $"detail '{detail.Name}' has neither its value and salt nor the erased mark");
            }
            else if (!detail.HasCommitmentHash || !OpensCommitment(detail))
            {
                return Fail(index, $"detail '{detail.Name}' does not match its commitment: its value or salt was altered");
            }
        }

        var leafHash = _leafHash;
        try
        {
            _leaf.Hash(record, leafHash);
        }
        catch (ArgumentException e)
        {
            return Fail(index, $"the event has no canonical form: {e.Message}");
        }

        if (!leafHash.AsSpan().SequenceEqual(record.LeafHash))
        {
            return Fail(index, "the leaf hash does not match the event and its detail commitments: a field was altered");
        }

        if (!_paths.Verify(leafHash, index, record.Proof.AsSpan(0, record.ProofLength * MerkleHash.Size)))
        {
            return Fail(index, $"the inclusion proof does not lead to the checkpoint's root at tree size {_treeSize}");
        }

        return null;
    }

    /// <summary>SHA-256(salt ‖ canonical value) equals the commitment: <see cref="Commitment.Verify"/> without re-parsing the value.</summary>
    private static bool OpensCommitment(ParsedDetail detail)
    {
        Span<byte> digest = stackalloc byte[MerkleHash.Size];
        Commitment.Digest(detail.Salt, detail.CanonicalValue, digest);
        return digest.SequenceEqual(detail.CommitmentHash);
    }

    private EvidenceFailure Fail(long leafIndex, string reason) => new(leafIndex, _record.Id, reason);

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IsEmpty || (line.Length == 1 && line[0] == (byte)'\r');
}
