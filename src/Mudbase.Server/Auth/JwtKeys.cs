using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Mudbase.Server.Hosting;

namespace Mudbase.Server.Auth;

/// <summary>The HS256 key: from configuration, or generated once into the data directory.</summary>
internal sealed class JwtKeys(IOptions<JwtOptions> jwt, IOptions<MudbaseOptions> mudbase)
{
    private readonly Lazy<SymmetricSecurityKey> key = new(() =>
    {
        var bytes = jwt.Value.SigningKeyBytes()
            ?? SecretFile.ReadOrCreate(mudbase.Value.FullDataDirectory, "jwt-signing.key", 64);
        return new SymmetricSecurityKey(bytes) { KeyId = null };
    });

    public SymmetricSecurityKey SigningKey => key.Value;
}
