using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Mudbase.Ledger.Evidence;

/// <summary>The <c>details</c> member of an event line: per name, a commitment and its opening or erased mark.</summary>
internal static partial class EvidenceRecordReader
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadDetails(ref LineCursor cursor, ref Utf8JsonReader reader, ParsedRecord record, [NotNullWhen(false)] out string? error)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "details is not an object";
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Repeating(ref reader, record.Strings)!;
            var nameText = record.Text.Capture(ref reader);
            for (var i = 0; i < record.DetailCount; i++)
            {
                if (string.Equals(record.Detail(i).Name, name, StringComparison.Ordinal))
                {
                    error = $"detail '{name}' appears twice";
                    return false;
                }
            }

            if (!ReadDetail(ref cursor, ref reader, record.AddDetail(name, nameText), record.Strings, out error))
            {
                return false;
            }
        }

        error = null;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadDetail(
        ref LineCursor cursor, ref Utf8JsonReader reader, ParsedDetail detail, Utf8StringCache names, [NotNullWhen(false)] out string? error)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = $"detail '{detail.Name}' is not an object";
            return false;
        }

        var seen = Seen.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("commitment"u8) ? Seen.Commitment
                : reader.ValueTextEquals("value"u8) ? Seen.Value
                : reader.ValueTextEquals("salt"u8) ? Seen.Salt
                : reader.ValueTextEquals("erased"u8) ? Seen.Erased
                : Seen.None;
            if (field == Seen.None)
            {
                reader.Skip();
                continue;
            }

            // The name is formatted only for the message: building it for every field cost a string per field.
            if ((seen & field) != 0)
            {
                error = $"details.{detail.Name}.{NameOf(field)} appears twice";
                return false;
            }

            seen |= field;

            if (field is Seen.Commitment or Seen.Salt && ScanHash(ref cursor, ref reader, detail, field))
            {
                continue;
            }

            reader.Read();
            switch (field)
            {
                case Seen.Commitment when reader.TokenType == JsonTokenType.String:
                    detail.HasCommitmentHash = HashText.TryDecode(ref reader, detail.CommitmentHash);

                    // Decoding succeeds only for the one canonical spelling, so re-encoding gives back the text unescaped.
                    detail.Commitment = detail.HasCommitmentHash ? null : reader.GetString();
                    break;
                case Seen.Value:
                    if (!CanonicalValue.TryRead(ref reader, detail, names))
                    {
                        error = $"the value of detail '{detail.Name}' has no canonical JSON form";
                        return false;
                    }

                    break;
                case Seen.Salt when reader.TokenType == JsonTokenType.Null:
                    break;
                case Seen.Salt when HashText.TryDecode(ref reader, detail.Salt):
                    detail.HasSalt = true;
                    break;
                case Seen.Erased when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                    detail.Erased = reader.TokenType == JsonTokenType.True;
                    break;
                default:
                    error = field switch
                    {
                        Seen.Commitment => $"the commitment of detail '{detail.Name}' is not a string",
                        Seen.Salt => $"the salt of detail '{detail.Name}' is not the base64 of {Commitment.SaltSize} bytes",
                        _ => $"the erased flag of detail '{detail.Name}' is not a boolean",
                    };
                    return false;
            }
        }

        return Complete(seen, Seen.Commitment, out error, $"details.{detail.Name}.");
    }

    /// <summary>
    /// Reads a commitment or salt that is a plain hash string with a span search, as the reader would have decoded it;
    /// false leaves anything else to the reader.
    /// </summary>
    private static bool ScanHash(ref LineCursor cursor, ref Utf8JsonReader reader, ParsedDetail detail, Seen field)
    {
        var commitment = field == Seen.Commitment;
        var end = ProofArrayScanner.TryScanHash(cursor.Line, cursor.Position(reader), commitment ? detail.CommitmentHash : detail.Salt);
        if (end < 0)
        {
            return false;
        }

        cursor.Restart(ref reader, end, ProofArrayScanner.AfterDetailMember);
        if (commitment)
        {
            detail.HasCommitmentHash = true;
            detail.Commitment = null;
        }
        else
        {
            detail.HasSalt = true;
        }

        return true;
    }
}
