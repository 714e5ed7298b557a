using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Reads an event line of exactly the shape the exporter writes — members in declaration order, no whitespace, no
/// unknown members — with span searches instead of <see cref="Utf8JsonReader"/>, into the same
/// <see cref="ParsedRecord"/> state <see cref="EvidenceRecordReader"/> would produce from it.
/// </summary>
/// <remarks>
/// It is a fast path, not a second grammar: it accepts a line only when every part of it is unambiguous (plain
/// integers, hashes in canonical base64, strings without control characters, detail values it can check are already
/// in canonical form or can hand whole to <see cref="CanonicalValue"/>). Anything else — another member order,
/// whitespace, a duplicate, a hash that does not decode, invalid UTF-8 — makes it return false, and the caller reads
/// the line again with <see cref="EvidenceRecordReader"/>, so every message about a malformed line stays what it was.
/// </remarks>
internal static class StrictLineParser
{
    /// <summary>Parses a line that stands alone (without its newline) into <paramref name="record"/>.</summary>
    /// <returns>True when the line had the exporter's shape; false to read it with the JSON reader instead.</returns>
    public static bool TryRead(ReadOnlySpan<byte> line, ParsedRecord record) =>
        TryRead(line, record, out var length) && length == line.Length;

    /// <summary>
    /// Parses the line at the start of <paramref name="text"/>, which may run on over further lines, and finds where it
    /// ends. No byte this parser accepts inside a line is a newline (no whitespace, no control character in a string, a
    /// hash must decode), so the line it reads is exactly the one a newline search would have cut.
    /// </summary>
    /// <param name="text">The line and, perhaps, the lines after it.</param>
    /// <param name="record">Receives the line.</param>
    /// <param name="lineLength">The length of the line without its newline (a carriage return before it included).</param>
    /// <returns>True when the line had the exporter's shape; false to find the line's end and read it with the JSON reader.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRead(ReadOnlySpan<byte> text, ParsedRecord record, out int lineLength)
    {
        lineLength = 0;
        record.Clear();
        var line = text;
        var at = 0;
        if (!Expect(line, ref at, "{\"leafIndex\":"u8) || !LineText.TryInteger(line, ref at, out var leafIndex)
            || !Expect(line, ref at, ",\"event\":"u8) || !TryReadEvent(line, ref at, record)
            || !Expect(line, ref at, ",\"details\":{"u8) || !TryReadDetails(line, ref at, record)
            || !Expect(line, ref at, ",\"leafHash\":"u8))
        {
            return false;
        }

        record.LeafIndex = leafIndex;
        at = ProofArrayScanner.TryScanHash(line, at, record.LeafHash, whitespace: false);
        if (at < 0 || !Expect(line, ref at, ",\"inclusionProof\":"u8))
        {
            return false;
        }

        at = ProofArrayScanner.TryScan(line, at, record, whitespace: false);
        if (at < 0 || !Expect(line, ref at, "}"u8))
        {
            return false;
        }

        // A carriage return before the newline is whitespace to the JSON reader too, and part of the line as cut.
        if (at < line.Length && line[at] == (byte)'\r')
        {
            at++;
        }

        if (at < line.Length && line[at] != (byte)'\n')
        {
            return false;
        }

        lineLength = at;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadEvent(ReadOnlySpan<byte> line, ref int at, ParsedRecord record)
    {
        if (!Expect(line, ref at, "{\"id\":"u8) || !LineText.TryString(line, ref at, record.Text, out var id)
            || !Expect(line, ref at, ",\"seq\":"u8) || !LineText.TryInteger(line, ref at, out var seq)
            || !Expect(line, ref at, ",\"org\":"u8) || !LineText.TryString(line, ref at, record.Text, out var org)
            || !Expect(line, ref at, ",\"eventType\":"u8) || !LineText.TryString(line, ref at, record.Text, out var eventType)
            || !Expect(line, ref at, ",\"severity\":"u8) || !LineText.TryString(line, ref at, record.Text, out var severity)
            || !Expect(line, ref at, ",\"recordedAt\":"u8) || !LineText.TryString(line, ref at, record.Text, out var recordedAt)
            || !Expect(line, ref at, ",\"actor\":"u8) || !LineText.TryString(line, ref at, record.Text, out var actor)
            || !Expect(line, ref at, ",\"source\":"u8))
        {
            return false;
        }

        var source = Utf8Slice.Absent;
        if (!Expect(line, ref at, "null"u8) && !LineText.TryString(line, ref at, record.Text, out source))
        {
            return false;
        }

        record.IdText = id;
        record.Seq = seq;
        record.OrgText = org;
        record.EventTypeText = eventType;
        record.SeverityText = severity;
        record.RecordedAtText = recordedAt;
        record.ActorText = actor;
        record.SourceText = source;
        return Expect(line, ref at, "}"u8);
    }

    /// <summary>Reads the details after their opening brace, up to and including the closing one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadDetails(ReadOnlySpan<byte> line, ref int at, ParsedRecord record)
    {
        if (Expect(line, ref at, "}"u8))
        {
            return true;
        }

        while (true)
        {
            if (!LineText.TryPlainString(line, ref at, out var nameUtf8))
            {
                return false;
            }

            var name = record.Strings.Get(nameUtf8);
            for (var i = 0; i < record.DetailCount; i++)
            {
                if (string.Equals(record.Detail(i).Name, name, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            var detail = record.AddDetail(name, record.Text.Append(nameUtf8));
            if (!Expect(line, ref at, ":{\"commitment\":"u8) || !TryReadDetail(line, ref at, detail, record.Strings))
            {
                return false;
            }

            if (Expect(line, ref at, "}"u8))
            {
                return true;
            }

            if (!Expect(line, ref at, ","u8))
            {
                return false;
            }
        }
    }

    /// <summary>Reads one detail after its <c>"commitment":</c>, up to and including its closing brace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadDetail(ReadOnlySpan<byte> line, ref int at, ParsedDetail detail, Utf8StringCache names)
    {
        at = ProofArrayScanner.TryScanHash(line, at, detail.CommitmentHash, whitespace: false);
        if (at < 0)
        {
            return false;
        }

        detail.HasCommitmentHash = true;
        if (Expect(line, ref at, ",\"erased\":true}"u8))
        {
            detail.Erased = true;
            return true;
        }

        if (!Expect(line, ref at, ",\"value\":"u8) || !DetailValueScanner.TryRead(line, ref at, detail, names)
            || !Expect(line, ref at, ",\"salt\":"u8))
        {
            return false;
        }

        at = ProofArrayScanner.TryScanHash(line, at, detail.Salt, whitespace: false);
        if (at < 0)
        {
            return false;
        }

        detail.HasSalt = true;
        return Expect(line, ref at, "}"u8);
    }

    private static bool Expect(ReadOnlySpan<byte> line, ref int at, ReadOnlySpan<byte> literal)
    {
        if (!line[at..].StartsWith(literal))
        {
            return false;
        }

        at += literal.Length;
        return true;
    }
}
