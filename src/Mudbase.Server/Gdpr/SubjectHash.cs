using System.Security.Cryptography;
using System.Text;

namespace Mudbase.Server.Gdpr;

/// <summary>
/// How receipts name a subject: HMAC-SHA256 under the organisation's own secret key. The same subject always gets
/// the same hash within an organisation, so receipts can be matched to a later request, but a hash cannot be
/// reversed or tested against guessed ids without the key, and hashes do not link subjects across organisations.
/// </summary>
internal static class SubjectHash
{
    public static string Of(byte[] key, string subjectId) =>
        "hmac-sha256:" + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(subjectId)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
