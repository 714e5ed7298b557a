namespace Mudbase.Server.Storage.Postings;

/// <summary>
/// One part of a posting list (one row of <c>event_postings</c>): its first and last sequence numbers, and the gaps
/// between consecutive sequence numbers after the first as unsigned LEB128 varints.
/// </summary>
internal sealed record PostingPart(long First, long Last, byte[] Gaps);

/// <summary>
/// The encoding of the detail index's posting lists: the increasing sequence numbers of the events of one run that
/// hold one value, cut into parts of at most <see cref="MaxPartBytes"/> bytes of gaps so a row stays small and the
/// key (org_id, run, field, value, first_seq) orders the parts.
/// </summary>
internal static class PostingLists
{
    public const int MaxPartBytes = 640;

    // A gap of a positive long fits in 9 varint bytes (63 bits, 7 per byte).
    private const int MaxVarintBytes = 9;

    /// <summary>The parts of a list of strictly increasing positive sequence numbers; none for an empty list.</summary>
    public static List<PostingPart> Encode(IReadOnlyList<long> sequences, int maxPartBytes = MaxPartBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartBytes, MaxVarintBytes);
        var parts = new List<PostingPart>();
        // No larger than all the gaps can take: most lists of a run hold a few numbers.
        var buffer = new byte[Math.Min(maxPartBytes, Math.Max(0L, sequences.Count - 1L) * MaxVarintBytes)];
        var length = 0;
        long first = 0, previous = 0;
        for (var i = 0; i < sequences.Count; i++)
        {
            var sequence = sequences[i];
            if (sequence <= 0 || (i > 0 && sequence <= previous))
                throw new ArgumentException($"Sequence numbers must be positive and strictly increasing; {sequence} follows {previous}", nameof(sequences));
            if (i == 0)
                first = sequence;
            else if (length + VarintLength((ulong)(sequence - previous)) > maxPartBytes)
            {
                parts.Add(new PostingPart(first, previous, buffer[..length]));
                first = sequence;
                length = 0;
            }
            else
                length = WriteVarint(buffer, length, (ulong)(sequence - previous));
            previous = sequence;
        }
        if (sequences.Count > 0)
            parts.Add(new PostingPart(first, previous, buffer[..length]));
        return parts;
    }

    /// <summary>The sequence numbers of one part, in increasing order.</summary>
    /// <exception cref="InvalidDataException">The gaps are truncated, zero, overflow, or do not end at the part's last sequence number.</exception>
    public static List<long> Decode(PostingPart part) => Decode(part, new List<long>(part.Gaps.Length + 1));

    /// <summary>Appends the sequence numbers of one part to <paramref name="sequences"/>, in increasing order.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Decode(PostingPart)"/>.</exception>
    public static List<long> Decode(PostingPart part, List<long> sequences)
    {
        sequences.Add(part.First);
        var sequence = part.First;
        var gaps = part.Gaps;
        var position = 0;
        while (position < gaps.Length)
        {
            ulong gap = 0;
            var shift = 0;
            byte current;
            do
            {
                if (position >= gaps.Length)
                    throw Corrupt(part, "a gap is cut off");
                if (shift >= 63)
                    throw Corrupt(part, "a gap is longer than a sequence number");
                current = gaps[position++];
                gap |= (ulong)(current & 0x7F) << shift;
                shift += 7;
            }
            while ((current & 0x80) != 0);
            if (gap == 0 || gap > (ulong)(long.MaxValue - sequence))
                throw Corrupt(part, gap == 0 ? "a gap is zero" : "a gap overflows");
            sequence += (long)gap;
            sequences.Add(sequence);
        }
        if (sequence != part.Last)
            throw Corrupt(part, $"the gaps end at {sequence}");
        return sequences;
    }

    /// <summary>
    /// The part without <paramref name="sequence"/>, or null when it held nothing else. Removing a number never makes
    /// the gaps longer (the varint of a sum is no longer than the two it replaces), so the result stays one part.
    /// </summary>
    public static PostingPart? Without(PostingPart part, long sequence)
    {
        var sequences = Decode(part);
        sequences.Remove(sequence);
        return sequences.Count == 0 ? null : Encode(sequences, Math.Max(part.Gaps.Length, MaxVarintBytes)).Single();
    }

    private static InvalidDataException Corrupt(PostingPart part, string problem) =>
        new($"Corrupt posting list part {part.First}..{part.Last} ({part.Gaps.Length} bytes): {problem}");

    private static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    private static int WriteVarint(byte[] buffer, int position, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[position++] = (byte)value;
        return position;
    }
}
