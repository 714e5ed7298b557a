using System.Text;
using System.Text.Json;

namespace Mudbase.Server.Storage.Details;

/// <summary>
/// Converts the JSON text rows stored before schema version 14 (<c>{"key":"base64 commitment"}</c> and
/// <c>{"key":{"value":…,"salt":"base64"}}</c>) to <see cref="DetailCodec"/>'s layout, keeping key order, value text
/// and every byte of the commitments and salts, so what is read back is what was read before.
/// </summary>
internal static class LegacyDetailJson
{
    /// <summary>True when a stored value is JSON text of the old layout rather than the binary one.</summary>
    public static bool IsLegacy(byte[] stored) => stored.Length > 0 && stored[0] == (byte)'{';

    public static byte[] Commitments(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var commitments = new List<StoredCommitment>();
        foreach (var property in document.RootElement.EnumerateObject())
            commitments.Add(new StoredCommitment(property.Name, Decode(property.Value.GetString(), "commitment", property.Name)));
        return DetailCodec.EncodeCommitments(commitments);
    }

    public static byte[] Openings(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var openings = new List<StoredOpening>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var salt = Decode(property.Value.GetProperty("salt").GetString(), "salt", property.Name);
            var value = Encoding.UTF8.GetBytes(property.Value.GetProperty("value").GetRawText());
            openings.Add(new StoredOpening(property.Name, salt, value));
        }
        return DetailCodec.EncodeOpenings(openings);
    }

    // Only text that base64 gives back unchanged converts, so the API keeps answering the very same string.
    private static byte[] Decode(string? text, string what, string key)
    {
        var bytes = text is null ? null : Convert.FromBase64String(text);
        if (bytes is null || bytes.Length != DetailCodec.DigestSize || Convert.ToBase64String(bytes) != text)
            throw new InvalidDataException($"The stored {what} of detail '{key}' is not {DetailCodec.DigestSize} bytes of canonical base64");
        return bytes;
    }
}
