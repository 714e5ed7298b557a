using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Reads an <see cref="EvidenceRecord"/> line with <see cref="Utf8JsonReader"/> into a reused <see cref="ParsedRecord"/>,
/// decoding hashes straight from the UTF-8 text. It accepts what <see cref="EvidenceJsonContext"/> writes, but more
/// strictly than the serializer reads: property names must be exact, and a repeated property is an error rather than
/// "last one wins", so no two readers of a bundle can disagree about what it says.
/// </summary>
internal static partial class EvidenceRecordReader
{
    [Flags]
    private enum Seen
    {
        None = 0,
        LeafIndex = 1,
        Event = 2,
        Details = 4,
        LeafHash = 8,
        Proof = 16,
        Id = 32,
        Seq = 64,
        Org = 128,
        EventType = 256,
        Severity = 512,
        RecordedAt = 1024,
        Actor = 2048,
        Source = 4096,
        Commitment = 8192,
        Value = 16384,
        Salt = 32768,
        Erased = 65536,
    }

    private const Seen RecordFields = Seen.LeafIndex | Seen.Event | Seen.Details | Seen.LeafHash | Seen.Proof;
    private const Seen EventFields = Seen.Id | Seen.Seq | Seen.Org | Seen.EventType | Seen.Severity | Seen.RecordedAt | Seen.Actor;

    /// <summary>Parses one line; on failure <paramref name="error"/> says what is wrong with it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, ParsedRecord record, [NotNullWhen(false)] out string? error)
    {
        record.Clear();
        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "the line is not a JSON object";
                return false;
            }

            var cursor = new LineCursor(line);
            if (!ReadRecord(ref cursor, ref reader, record, out error))
            {
                return false;
            }

            if (reader.Read())
            {
                error = "the line continues after the JSON object";
                return false;
            }

            return true;
        }
        catch (JsonException e)
        {
            error = $"the line is not valid JSON ({e.Message})";
            return false;
        }
        catch (ArgumentException e)
        {
            // Raised for text that is not valid UTF-8.
            error = $"the line holds an unreadable string ({e.Message})";
            return false;
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader throws this for strings that cannot become .NET strings, e.g. escaped lone surrogates.
            error = $"the line holds an unreadable value ({e.Message})";
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadRecord(
        ref LineCursor cursor, ref Utf8JsonReader reader, ParsedRecord record, [NotNullWhen(false)] out string? error)
    {
        var seen = Seen.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Seen field;
            bool ok;
            if (reader.ValueTextEquals("leafIndex"u8))
            {
                field = Seen.LeafIndex;
                var index = -1L;
                ok = reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out index);
                record.LeafIndex = index;
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                field = Seen.Event;
                if (!Once(ref seen, field, "event", out error) || !ReadEvent(ref reader, record, out error))
                {
                    return false;
                }

                continue;
            }
            else if (reader.ValueTextEquals("details"u8))
            {
                field = Seen.Details;
                if (!Once(ref seen, field, "details", out error) || !ReadDetails(ref cursor, ref reader, record, out error))
                {
                    return false;
                }

                continue;
            }
            else if (reader.ValueTextEquals("leafHash"u8))
            {
                field = Seen.LeafHash;
                ok = reader.Read() && HashText.TryDecode(ref reader, record.LeafHash);
            }
            else if (reader.ValueTextEquals("inclusionProof"u8))
            {
                field = Seen.Proof;
                if (!Once(ref seen, field, "inclusionProof", out error))
                {
                    return false;
                }

                var end = ProofArrayScanner.TryScan(cursor.Line, cursor.Position(reader), record);
                if (end >= 0)
                {
                    cursor.Restart(ref reader, end, ProofArrayScanner.AfterMemberValue);
                }
                else if (!ReadProof(ref reader, record, out error))
                {
                    return false;
                }

                continue;
            }
            else
            {
                // Unknown members are not covered by any proof, so they cannot change what is verified.
                reader.Skip();
                continue;
            }

            if (!Once(ref seen, field, NameOf(field), out error))
            {
                return false;
            }

            if (!ok)
            {
                error = field == Seen.LeafIndex
                    ? "leafIndex is not an integer"
                    : "leafHash is not the base64 of a 32-byte hash";
                return false;
            }
        }

        return Complete(seen, RecordFields, out error);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadEvent(ref Utf8JsonReader reader, ParsedRecord record, [NotNullWhen(false)] out string? error)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "event is not an object";
            return false;
        }

        var seen = Seen.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Seen field;
            if (reader.ValueTextEquals("seq"u8))
            {
                field = Seen.Seq;
                if (!Once(ref seen, field, "event.seq", out error))
                {
                    return false;
                }

                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var seq))
                {
                    error = "event.seq is not an integer";
                    return false;
                }

                record.Seq = seq;
                continue;
            }

            field = reader.ValueTextEquals("id"u8) ? Seen.Id
                : reader.ValueTextEquals("org"u8) ? Seen.Org
                : reader.ValueTextEquals("eventType"u8) ? Seen.EventType
                : reader.ValueTextEquals("severity"u8) ? Seen.Severity
                : reader.ValueTextEquals("recordedAt"u8) ? Seen.RecordedAt
                : reader.ValueTextEquals("actor"u8) ? Seen.Actor
                : reader.ValueTextEquals("source"u8) ? Seen.Source
                : Seen.None;
            if (field == Seen.None)
            {
                reader.Skip();
                continue;
            }

            var name = NameOf(field);
            if (!Once(ref seen, field, name, out error))
            {
                return false;
            }

            reader.Read();
            var nullable = field == Seen.Source;
            if (reader.TokenType != JsonTokenType.String && !(nullable && reader.TokenType == JsonTokenType.Null))
            {
                error = nullable ? $"{name} is neither a string nor null" : $"{name} is not a string";
                return false;
            }

            var text = reader.TokenType == JsonTokenType.Null ? Utf8Slice.Absent : record.Text.Capture(ref reader);
            switch (field)
            {
                case Seen.Id: record.IdText = text; break;
                case Seen.Org: record.OrgText = text; break;
                case Seen.EventType: record.EventTypeText = text; break;
                case Seen.Severity: record.SeverityText = text; break;
                case Seen.RecordedAt: record.RecordedAtText = text; break;
                case Seen.Actor: record.ActorText = text; break;
                default: record.SourceText = text; break;
            }
        }

        return Complete(seen, EventFields, out error);
    }

    private static bool ReadProof(ref Utf8JsonReader reader, ParsedRecord record, [NotNullWhen(false)] out string? error)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            error = "inclusionProof is not an array";
            return false;
        }

        // Elements decoded here change positions the remembered whole array describes.
        record.ProofMemo.ForgetArray();
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == ParsedRecord.MaxProofLength)
            {
                error = "inclusionProof is longer than any tree's audit path";
                return false;
            }

            // The raw token text, escapes included: equal text always decodes to equal bytes.
            var memo = record.ProofMemo;
            var text = reader.TokenType == JsonTokenType.String && !reader.HasValueSequence ? reader.ValueSpan : default;
            if (text.IsEmpty || !memo.Repeats(count, text))
            {
                if (!HashText.TryDecode(ref reader, record.Proof.AsSpan(count * MerkleHash.Size, MerkleHash.Size)))
                {
                    memo.Forget(count);
                    error = $"inclusionProof[{count}] is not the base64 of a 32-byte hash";
                    return false;
                }

                memo.Remember(count, text);
            }

            count++;
        }

        record.ProofLength = count;
        error = null;
        return true;
    }

    /// <summary>Reads a string (or null) through the cache when it has no escapes.</summary>
    private static string? Repeating(ref Utf8JsonReader reader, Utf8StringCache cache) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !reader.ValueIsEscaped && !reader.HasValueSequence
            ? cache.Get(reader.ValueSpan)
            : reader.GetString();

    private static bool Once(ref Seen seen, Seen field, string name, [NotNullWhen(false)] out string? error)
    {
        if ((seen & field) != 0)
        {
            error = $"{name} appears twice";
            return false;
        }

        seen |= field;
        error = null;
        return true;
    }

    private static bool Complete(Seen seen, Seen required, [NotNullWhen(false)] out string? error, string prefix = "")
    {
        var missing = required & ~seen;
        if (missing == Seen.None)
        {
            error = null;
            return true;
        }

        // Report the lowest missing bit: one name is enough to act on.
        var first = (Seen)((int)missing & -(int)missing);
        error = $"{prefix}{NameOf(first)} is missing";
        return false;
    }

    private static string NameOf(Seen field) => field switch
    {
        Seen.LeafIndex => "leafIndex",
        Seen.Event => "event",
        Seen.Details => "details",
        Seen.LeafHash => "leafHash",
        Seen.Proof => "inclusionProof",
        Seen.Id => "event.id",
        Seen.Seq => "event.seq",
        Seen.Org => "event.org",
        Seen.EventType => "event.eventType",
        Seen.Severity => "event.severity",
        Seen.RecordedAt => "event.recordedAt",
        Seen.Actor => "event.actor",
        Seen.Source => "event.source",
        Seen.Commitment => "commitment",
        Seen.Value => "value",
        Seen.Salt => "salt",
        _ => "erased",
    };
}
