using System.Security.Cryptography;
using System.Text;

namespace Mudbase.Server.Common;

/// <summary>Tokens (refresh tokens, invites, API keys) are stored only as SHA-256 hashes.</summary>
internal static class SecretHash
{
    public static string Of(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
