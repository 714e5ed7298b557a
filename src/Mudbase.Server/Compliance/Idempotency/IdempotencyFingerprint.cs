using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mudbase.Ledger;

namespace Mudbase.Server.Compliance.Idempotency;

/// <summary>
/// What "the same request" means for a key: the operation and the body's JSON value (RFC 8785 canonical form, so
/// whitespace and member order do not count, but any changed value does).
/// </summary>
internal static class IdempotencyFingerprint
{
    public static byte[] Of(string operation, JsonElement body)
    {
        byte[] value;
        try
        {
            value = CanonicalJson.Serialize(body);
        }
        catch (ArgumentException)
        {
            // No canonical form (a lone surrogate): the exact text still identifies the request.
            value = Encoding.UTF8.GetBytes(body.GetRawText());
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(operation));
        hash.AppendData([0]);
        hash.AppendData(value);
        return hash.GetHashAndReset();
    }
}
