using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Mudbase.Server.Auth;

/// <summary>Access and refresh token settings (section <c>Mudbase:Jwt</c>).</summary>
internal sealed class JwtOptions : IValidatableObject
{
    public const string Section = "Mudbase:Jwt";
    public const int MinimumKeyBytes = 32;

    /// <summary>HS256 key (UTF-8, at least 32 bytes). When absent a key is generated into the data directory.</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Earlier signing keys whose tokens are still accepted while they run out (key rotation): a new
    /// <see cref="SigningKey"/> signs, these only validate, so rotating does not sign everyone out.
    /// </summary>
    public string[] ValidationKeys { get; set; } = [];

    [Required]
    public string Issuer { get; set; } = "mudbase";

    [Required]
    public string Audience { get; set; } = "mudbase-api";

    [Range(60, 86_400)]
    public int AccessTokenLifetimeSeconds { get; set; } = 1800;

    [Range(1, 365)]
    public int RefreshTokenLifetimeDays { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKey is not null && Encoding.UTF8.GetByteCount(SigningKey) < MinimumKeyBytes)
            yield return new ValidationResult(
                $"Mudbase:Jwt:SigningKey must be at least {MinimumKeyBytes} bytes; refusing to start with a weak key.",
                [nameof(SigningKey)]);
        if (ValidationKeys.Any(k => Encoding.UTF8.GetByteCount(k) < MinimumKeyBytes))
            yield return new ValidationResult(
                $"Every Mudbase:Jwt:ValidationKeys entry must be at least {MinimumKeyBytes} bytes.", [nameof(ValidationKeys)]);
    }
}
