using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Mudbase.Server.Common;

namespace Mudbase.Server.Auth;

/// <summary>
/// The HS256 keys: one signing key (from configuration, or generated once into the data directory) and the earlier
/// keys still accepted for validation. Each carries a <c>kid</c> derived from the key, so a token names its key
/// without revealing it.
/// </summary>
internal sealed class JwtKeys(IOptions<JwtOptions> jwt, IOptions<MudbaseOptions> mudbase)
{
    private readonly Lazy<SymmetricSecurityKey> key = new(() => WithKeyId(jwt.Value.SigningKeyBytes()
        ?? SecretFile.ReadOrCreate(mudbase.Value.FullDataDirectory, "jwt-signing.key", 64)));

    public SymmetricSecurityKey SigningKey => key.Value;

    /// <summary>The signing key first, then every configured earlier key.</summary>
    public IReadOnlyList<SecurityKey> ValidationKeys =>
        [SigningKey, .. jwt.Value.ValidationKeys.Select(k => WithKeyId(JwtOptions.KeyBytes(k)
            ?? throw new InvalidOperationException("Mudbase:Jwt:ValidationKeys holds malformed base64")))];

    private static SymmetricSecurityKey WithKeyId(byte[] bytes) =>
        new(bytes) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(bytes).AsSpan(0, 9).ToArray()) };
}
