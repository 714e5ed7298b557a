using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Mudbase.Server.Auth;

/// <summary>Access and refresh token settings (section <c>Mudbase:Jwt</c>).</summary>
internal sealed class JwtOptions : IValidatableObject
{
    public const string Section = "Mudbase:Jwt";
    public const int MinimumKeyBytes = 32;

    /// <summary>Marks a <see cref="SigningKey"/> given as base64 of the key bytes rather than as the key's text.</summary>
    public const string Base64Prefix = "base64:";

    /// <summary>
    /// HS256 key, at least 32 bytes. Used as the raw UTF-8 bytes of the text, exactly as other services must use it to
    /// verify our tokens; with the prefix <c>base64:</c>, the bytes the rest decodes to. When absent a key is generated
    /// into the data directory.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The key bytes <see cref="SigningKey"/> stands for; null when it is absent or its base64 is malformed.</summary>
    public byte[]? SigningKeyBytes() => SigningKey is null ? null : KeyBytes(SigningKey);

    /// <summary>The bytes a key setting stands for: its UTF-8 text, or after <c>base64:</c> the decoded bytes; null when that base64 is malformed.</summary>
    public static byte[]? KeyBytes(string text)
    {
        if (!text.StartsWith(Base64Prefix, StringComparison.Ordinal))
            return Encoding.UTF8.GetBytes(text);
        try
        {
            return Convert.FromBase64String(text[Base64Prefix.Length..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Earlier signing keys whose tokens are still accepted while they run out (key rotation): a new
    /// <see cref="SigningKey"/> signs, these only validate, so rotating does not sign everyone out. Same format as
    /// <see cref="SigningKey"/>.
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
        if (SigningKey is not null && (SigningKeyBytes()?.Length ?? 0) < MinimumKeyBytes)
            yield return new ValidationResult(
                $"Mudbase:Jwt:SigningKey must be at least {MinimumKeyBytes} bytes (as UTF-8 text, or {Base64Prefix} and valid base64); refusing to start with a weak key.",
                [nameof(SigningKey)]);
        if (ValidationKeys.Any(k => Encoding.UTF8.GetByteCount(k) < MinimumKeyBytes))
            yield return new ValidationResult(
                $"Every Mudbase:Jwt:ValidationKeys entry must be at least {MinimumKeyBytes} bytes.", [nameof(ValidationKeys)]);
    }
}
