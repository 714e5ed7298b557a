using System.Buffers;
using System.Text;
using System.Text.Json;
using Mudbase.Ledger;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Stored details rendered as the JSON text schema versions before 14 held, to build databases of that layout.</summary>
internal static class LegacyDetailRows
{
    // What AppendPlanner.Prepare wrote before version 14: canonical JSON of key → base64 commitment, and an object of
    // key → { value, salt } in the order the details came.
    public static string Commitments(byte[] commitments, byte[]? secrets) => Encoding.UTF8.GetString(CanonicalJson.SerializeObject(
        DetailCodec.DecodeCommitments(ExplicitDetailRows.Of(commitments, secrets).Commitments)
            .ToDictionary(c => c.Key, c => c.Text, StringComparer.Ordinal)));

    public static string Secrets(byte[] commitments, byte[]? secrets)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var opening in DetailCodec.DecodeOpenings(ExplicitDetailRows.Of(commitments, secrets).Secrets))
            {
                writer.WriteStartObject(opening.Key);
                writer.WritePropertyName("value");
                DetailCodec.Value(opening.Value).WriteTo(writer);
                writer.WriteBase64String("salt", opening.Salt);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
