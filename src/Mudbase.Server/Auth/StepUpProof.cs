using System.Text.Json;
using Mudbase.Server.Http;

namespace Mudbase.Server.Auth;

/// <summary>
/// What a caller presents to confirm a sensitive action: the current password and, when two-factor sign-in is on,
/// a TOTP or recovery code. Read from <c>currentPassword</c> (or <c>password</c>) and <c>code</c> (or <c>token</c>,
/// the official name in <c>disable2FA</c>).
/// </summary>
internal sealed record StepUpProof(string? Password, string? Code)
{
    public static StepUpProof From(JsonFields fields) => new(
        fields.OptionalString("currentPassword", AuthInputs.MaxPasswordLength) ?? fields.OptionalString("password", AuthInputs.MaxPasswordLength),
        fields.OptionalString("code", 64) ?? fields.OptionalString("token", 64));

    public static StepUpProof From(JsonElement root) => From(new JsonFields(root));
}
