namespace Mudbase.Contracts;

/// <summary>Answer of <c>POST /api/users/2fa/setup</c>: a new secret, not active until verified.</summary>
/// <param name="Secret">Base32 TOTP secret (SHA-1, 30 s, 6 digits).</param>
/// <param name="QrCode">PNG data URI of a QR code of <paramref name="OtpauthUrl"/>.</param>
/// <param name="ManualEntryKey">The secret in groups of four, to type into an app.</param>
/// <param name="OtpauthUrl">The <c>otpauth://totp/…</c> URI.</param>
/// <param name="Message">What to do next.</param>
public sealed record TwoFactorSetupResponse(string Secret, string QrCode, string ManualEntryKey, string OtpauthUrl, string Message);

/// <summary>Body of <c>POST /api/users/2fa/verify</c>.</summary>
/// <param name="Token">The current six-digit code from the authenticator app.</param>
public sealed record TwoFactorVerifyRequest(string Token);

/// <summary>Answer of <c>POST /api/users/2fa/verify</c>.</summary>
/// <param name="Message">What happened.</param>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="BackupCodes">One-time recovery codes, shown only now; each replaces a code once.</param>
public sealed record TwoFactorVerifyResponse(string Message, bool Success, IReadOnlyList<string> BackupCodes);

/// <summary>Body of <c>POST /api/users/2fa/disable</c>.</summary>
/// <param name="Password">The current password.</param>
/// <param name="Token">A current code or an unused recovery code.</param>
public sealed record TwoFactorDisableRequest(string Password, string Token);

/// <summary>Answer of <c>GET /api/users/2fa</c>.</summary>
/// <param name="Enabled">Whether two-factor sign-in is on.</param>
/// <param name="EnabledAt">Since when.</param>
/// <param name="RecoveryCodesLeft">Unused recovery codes.</param>
public sealed record TwoFactorStatusResponse(bool Enabled, DateTimeOffset? EnabledAt, int RecoveryCodesLeft);

/// <summary>Answer of <c>POST /api/auth/login</c> for an account with two-factor sign-in: no tokens yet.</summary>
/// <param name="Message">What to do next.</param>
/// <param name="TwoFactorRequired">Always <c>true</c>.</param>
/// <param name="ChallengeToken">Pass to <c>POST /api/auth/login/2fa</c> with a code; single-use.</param>
/// <param name="ExpiresIn">Seconds the challenge stays valid.</param>
public sealed record LoginChallengeResponse(string Message, bool TwoFactorRequired, string ChallengeToken, int ExpiresIn);

/// <summary>Body of <c>POST /api/auth/login/2fa</c>.</summary>
/// <param name="ChallengeToken">From the password step.</param>
/// <param name="Code">A current code or an unused recovery code.</param>
public sealed record LoginTwoFactorRequest(string ChallengeToken, string Code);

/// <summary>Body of <c>PATCH /api/users/password</c>.</summary>
/// <param name="CurrentPassword">The current password.</param>
/// <param name="NewPassword">8 to 128 characters.</param>
/// <param name="Code">A second-factor code, when two-factor sign-in is on.</param>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword, string? Code = null);

/// <summary>Answer of <c>PATCH /api/users/password</c>: every other session is revoked; this is the caller's new pair.</summary>
/// <param name="Message">What happened.</param>
/// <param name="Token">New access token.</param>
/// <param name="RefreshToken">New refresh token.</param>
/// <param name="ExpiresIn">Access token lifetime in seconds.</param>
public sealed record ChangePasswordResponse(string Message, string Token, string RefreshToken, int ExpiresIn);

/// <summary>Body of <c>PATCH /api/users/update</c>; absent fields stay as they are.</summary>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="Avatar">Picture URL (https).</param>
/// <param name="Email">New e-mail address; needs <paramref name="CurrentPassword"/> (and <paramref name="Code"/> with two-factor sign-in).</param>
/// <param name="CurrentPassword">The current password, for an e-mail change.</param>
/// <param name="Code">A second-factor code, for an e-mail change with two-factor sign-in.</param>
public sealed record UpdateProfileRequest(
    string? FirstName = null, string? LastName = null, string? Avatar = null, string? Email = null,
    string? CurrentPassword = null, string? Code = null);

/// <summary>Answer of <c>PATCH /api/users/update</c>.</summary>
/// <param name="Message">What happened.</param>
/// <param name="User">The user after the change.</param>
public sealed record UpdateProfileResponse(string Message, UserView User);

/// <summary>Body of <c>PUT /api/org/mfa-policy</c>.</summary>
/// <param name="RequireMfaForRoles">Roles whose members must use two-factor sign-in, e.g. <c>["owner", "admin"]</c>; empty for none.</param>
public sealed record MfaPolicyRequest(IReadOnlyList<string> RequireMfaForRoles);

/// <summary>Answer of <c>GET/PUT /api/org/mfa-policy</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="RequireMfaForRoles">Roles that must use two-factor sign-in.</param>
/// <param name="MembersWithoutMfa">Members in those roles without it, whose tokens only allow setting it up.</param>
public sealed record MfaPolicyResponse(bool Success, IReadOnlyList<string> RequireMfaForRoles, IReadOnlyList<string> MembersWithoutMfa);
