using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Rebuilds the leaf hash of a parsed event line straight from its UTF-8 text, into a buffer reused from line to line:
/// the same bytes as <see cref="LedgerLeaf.Hash"/> of the same event, without a string, dictionary or array per line.
/// </summary>
internal sealed class EvidenceLeafHasher
{
    private readonly CanonicalJsonWriter _writer = new(1024);
    private readonly List<ParsedDetail> _sorted = [];

    /// <summary>Hashes the leaf of <paramref name="record"/> into <paramref name="destination"/> (32 bytes).</summary>
    /// <exception cref="ArgumentException">The sequence number has no canonical form (negative or above 2^53 − 1).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Hash(ParsedRecord record, Span<byte> destination)
    {
        LedgerLeaf.ValidateSeq(record.Seq);
        var text = record.Text;
        var w = _writer;
        w.Reset();

        // RFC 9162 leaf prefix first, so the whole buffer is hashed in one call.
        w.WriteByte(0x00);

        // The members in RFC 8785 order, as LedgerLeaf writes them.
        w.WriteRaw("{\"actor\":"u8);
        w.WriteString(text[record.ActorText]);
        w.WriteRaw(",\"details\":"u8);
        WriteDetails(record);
        w.WriteRaw(",\"eventType\":"u8);
        w.WriteString(text[record.EventTypeText]);
        w.WriteRaw(",\"id\":"u8);
        w.WriteString(text[record.IdText]);
        w.WriteRaw(",\"org\":"u8);
        w.WriteString(text[record.OrgText]);
        w.WriteRaw(",\"recordedAt\":"u8);
        w.WriteString(text[record.RecordedAtText]);
        w.WriteRaw(",\"seq\":"u8);
        w.WriteInteger(record.Seq);
        w.WriteRaw(",\"severity\":"u8);
        w.WriteString(text[record.SeverityText]);
        w.WriteRaw(",\"source\":"u8);
        if (record.SourceText.IsPresent)
        {
            w.WriteString(text[record.SourceText]);
        }
        else
        {
            w.WriteRaw("null"u8);
        }

        w.WriteRaw(",\"v\":"u8);
        w.WriteInteger(LedgerLeaf.Version);
        w.WriteByte((byte)'}');

        ShortSha256.Hash(w.WrittenSpan, destination);
    }

    /// <summary>
    /// Sorts details by name in ordinal order, the UTF-16 code-unit order RFC 8785 asks for: a handful (the usual
    /// case) by insertion, which needs no comparison delegate, more with the list's own sort.
    /// </summary>
    internal static void SortByName(List<ParsedDetail> details)
    {
        const int InsertionSortLimit = 16;
        if (details.Count > InsertionSortLimit)
        {
            details.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return;
        }

        for (var i = 1; i < details.Count; i++)
        {
            var detail = details[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(details[j].Name, detail.Name) > 0)
            {
                details[j + 1] = details[j];
                j--;
            }

            details[j + 1] = detail;
        }
    }

    private void WriteDetails(ParsedRecord record)
    {
        _sorted.Clear();
        for (var i = 0; i < record.DetailCount; i++)
        {
            _sorted.Add(record.Detail(i));
        }

        SortByName(_sorted);
        var w = _writer;
        Span<byte> encoded = stackalloc byte[HashText.EncodedLength + 2];
        w.WriteByte((byte)'{');
        for (var i = 0; i < _sorted.Count; i++)
        {
            var detail = _sorted[i];
            if (i > 0)
            {
                w.WriteByte((byte)',');
            }

            w.WriteString(record.Text[detail.NameText]);
            w.WriteByte((byte)':');
            if (detail.Commitment is { } written)
            {
                w.WriteString(written);
            }
            else
            {
                // Canonical base64 needs no escaping.
                encoded[0] = (byte)'"';
                Base64.EncodeToUtf8(detail.CommitmentHash, encoded[1..], out _, out _);
                encoded[^1] = (byte)'"';
                w.WriteRaw(encoded);
            }
        }

        w.WriteByte((byte)'}');
    }
}
