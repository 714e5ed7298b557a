using System.Security.Cryptography;
using System.Text;

namespace Mudbase.Server.Alerts;

/// <summary>
/// Standard Webhooks signing: <c>whsec_</c> + base64 of 32 random bytes; the signature is
/// <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")), several separated by spaces
/// while a rotated secret is still honoured.
/// </summary>
internal static class WebhookSignature
{
    public const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret[Prefix.Length..]);
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>The header value: the current secret's signature, then the previous one's while it is still honoured.</summary>
    public static string Header(IEnumerable<string> secrets, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var signatures = new List<string>();
        foreach (var secret in secrets)
            signatures.Add(Sign(secret, messageId, timestamp, body));
        return string.Join(' ', signatures);
    }
}
