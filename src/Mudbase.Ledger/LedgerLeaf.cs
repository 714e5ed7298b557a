namespace Mudbase.Ledger;

/// <summary>
/// One event as the ledger commits to it: its metadata in the clear and each detail value replaced by
/// its <see cref="Commitment"/>. The leaf data is the RFC 8785 canonical JSON of
/// <c>{v, id, seq, org, eventType, severity, recordedAt, actor, source, details}</c>.
/// </summary>
/// <param name="Id">The event's identifier.</param>
/// <param name="Seq">The event's sequence number in its organisation's log, 0 to 2^53 − 1.</param>
/// <param name="Org">The organisation whose log holds the event.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Severity">The severity.</param>
/// <param name="RecordedAt">When the server recorded the event, as the exact text stored.</param>
/// <param name="Actor">Who or what caused the event.</param>
/// <param name="Source">Where the event came from, if known; serialized as JSON null otherwise.</param>
/// <param name="Details">Detail names mapped to the commitments of their values.</param>
public sealed record LedgerLeaf(
    string Id,
    long Seq,
    string Org,
    string EventType,
    string Severity,
    string RecordedAt,
    string Actor,
    string? Source,
    IReadOnlyDictionary<string, string> Details)
{
    /// <summary>The leaf format version, written as <c>v</c>; any change to the layout must change it.</summary>
    public const int Version = 1;

    // JSON integers beyond 2^53 − 1 do not survive a round trip through an IEEE double, which RFC 8785 assumes.
    private const long MaxSeq = 9007199254740991;

    /// <summary>The canonical JSON bytes that are hashed into the tree.</summary>
    /// <returns>New UTF-8 bytes.</returns>
    /// <exception cref="ArgumentException">A required field is null, a detail commitment is null, or a string is not valid Unicode.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Seq"/> is negative or above 2^53 − 1.</exception>
    public byte[] ToCanonicalJson() => Write().ToArray();

    /// <summary>The leaf hash: <see cref="MerkleHash.Leaf(ReadOnlySpan{byte})"/> of <see cref="ToCanonicalJson"/>.</summary>
    /// <returns>A new 32-byte hash.</returns>
    /// <exception cref="ArgumentException">As for <see cref="ToCanonicalJson"/>.</exception>
    public byte[] Hash() => MerkleHash.Leaf(Write().WrittenSpan);

    /// <summary>
    /// This leaf's canonical JSON with the sequence number left open, for hashing it at a sequence number
    /// assigned later; <see cref="Seq"/> itself is ignored.
    /// </summary>
    /// <returns>A template whose <see cref="LeafTemplate.Hash(long)"/> equals <see cref="Hash"/> of this leaf with that Seq.</returns>
    /// <exception cref="ArgumentException">As for <see cref="ToCanonicalJson"/>.</exception>
    public LeafTemplate ToTemplate()
    {
        ArgumentNullException.ThrowIfNull(Details);
        // One reused writer for both parts (templates are made for every ingested event): the template's two arrays
        // are all that is allocated for the bytes.
        var writer = CanonicalJsonWriter.Rent();
        try
        {
            WriteBeforeSeq(writer);
            var head = writer.ToArray();
            writer.Reset();
            WriteAfterSeq(writer);
            return new LeafTemplate(head, writer.ToArray());
        }
        finally
        {
            CanonicalJsonWriter.Return(writer);
        }
    }

    internal static void ValidateSeq(long seq)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seq, nameof(Seq));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seq, MaxSeq, nameof(Seq));
    }

    private CanonicalJsonWriter Write()
    {
        ValidateSeq(Seq);
        ArgumentNullException.ThrowIfNull(Details);

        var writer = new CanonicalJsonWriter();
        WriteBeforeSeq(writer);
        writer.WriteInteger(Seq);
        WriteAfterSeq(writer);
        return writer;
    }

    private void WriteBeforeSeq(CanonicalJsonWriter writer)
    {
        // Members written in RFC 8785 order (UTF-16 code units of the names), so nothing needs sorting at run time.
        writer.WriteRaw("{\"actor\":"u8);
        writer.WriteString(Required(Actor, nameof(Actor)));
        writer.WriteRaw(",\"details\":"u8);
        WriteDetails(writer);
        writer.WriteRaw(",\"eventType\":"u8);
        writer.WriteString(Required(EventType, nameof(EventType)));
        writer.WriteRaw(",\"id\":"u8);
        writer.WriteString(Required(Id, nameof(Id)));
        writer.WriteRaw(",\"org\":"u8);
        writer.WriteString(Required(Org, nameof(Org)));
        writer.WriteRaw(",\"recordedAt\":"u8);
        writer.WriteString(Required(RecordedAt, nameof(RecordedAt)));
        writer.WriteRaw(",\"seq\":"u8);
    }

    private void WriteAfterSeq(CanonicalJsonWriter writer)
    {
        writer.WriteRaw(",\"severity\":"u8);
        writer.WriteString(Required(Severity, nameof(Severity)));
        writer.WriteRaw(",\"source\":"u8);
        if (Source is null)
        {
            writer.WriteRaw("null"u8);
        }
        else
        {
            writer.WriteString(Source);
        }

        writer.WriteRaw(",\"v\":"u8);
        writer.WriteInteger(Version);
        writer.WriteByte((byte)'}');
    }

    private void WriteDetails(CanonicalJsonWriter writer)
    {
        var names = new string[Details.Count];
        var i = 0;
        if (Details is Dictionary<string, string> dictionary)
        {
            // The usual case, enumerated without boxing an enumerator.
            foreach (var name in dictionary.Keys)
            {
                names[i++] = name;
            }
        }
        else
        {
            foreach (var pair in Details)
            {
                names[i++] = pair.Key;
            }
        }

        names.AsSpan().Sort(string.CompareOrdinal);
        writer.WriteByte((byte)'{');
        for (i = 0; i < names.Length; i++)
        {
            if (i > 0)
            {
                writer.WriteByte((byte)',');
            }

            writer.WriteString(names[i]);
            writer.WriteByte((byte)':');
            writer.WriteString(Required(Details[names[i]], $"{nameof(Details)}[\"{names[i]}\"]"));
        }

        writer.WriteByte((byte)'}');
    }

    private static string Required(string? value, string name) =>
        value ?? throw new ArgumentException($"{name} is required.", name);
}
