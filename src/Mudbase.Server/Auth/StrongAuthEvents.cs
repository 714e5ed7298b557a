using Mudbase.Contracts;
using Mudbase.Server.Compliance;

namespace Mudbase.Server.Auth;

/// <summary>
/// Records changes to how accounts authenticate, and failed second factors, in the organisation's own ledger. The
/// server is the actor; the account concerned is the <c>userId</c> detail.
/// </summary>
internal sealed class StrongAuthEvents(SecurityEventRecorder recorder)
{
    public const string MfaEnabled = "mfa_enabled";
    public const string MfaDisabled = "mfa_disabled";
    public const string PasswordChanged = "password_changed";
    public const string ProfileUpdated = "profile_updated";
    public const string MfaPolicyChanged = "mfa_policy_changed";

    public Task MfaEnabledAsync(Caller caller, string? sourceIp, CancellationToken cancellationToken) =>
        RecordAsync(caller.OrgId, MfaEnabled, Severities.Low, sourceIp, cancellationToken,
            ("userId", caller.Id), ("action", "mfa_enabled"), ("reason", "two-factor sign-in enabled (TOTP)"));

    public Task MfaDisabledAsync(Caller caller, string? sourceIp, CancellationToken cancellationToken) =>
        RecordAsync(caller.OrgId, MfaDisabled, Severities.Medium, sourceIp, cancellationToken,
            ("userId", caller.Id), ("action", "mfa_disabled"), ("reason", "two-factor sign-in disabled after password and code"));

    public Task PasswordChangedAsync(Caller caller, string? sourceIp, CancellationToken cancellationToken) =>
        RecordAsync(caller.OrgId, PasswordChanged, Severities.Medium, sourceIp, cancellationToken,
            ("userId", caller.Id), ("action", "password_changed"), ("reason", "password changed; every other session revoked"));

    public Task ProfileUpdatedAsync(Caller caller, IReadOnlyList<string> fields, string? sourceIp, CancellationToken cancellationToken) =>
        RecordAsync(caller.OrgId, ProfileUpdated, fields.Contains("email") ? Severities.Medium : Severities.Low, sourceIp, cancellationToken,
            ("userId", caller.Id), ("action", "profile_updated"), ("reason", "changed " + string.Join(", ", fields)));

    public Task MfaPolicyChangedAsync(Caller caller, IReadOnlyList<string> roles, string? sourceIp, CancellationToken cancellationToken) =>
        RecordAsync(caller.OrgId, MfaPolicyChanged, Severities.Medium, sourceIp, cancellationToken,
            ("action", "mfa_policy_changed"), ("changedBy", caller.Id),
            ("reason", roles.Count == 0 ? "two-factor sign-in required of no role" : "two-factor sign-in required of " + string.Join(", ", roles)));

    /// <summary>A wrong second factor after a correct password: someone may hold the password.</summary>
    public Task BypassAttemptAsync(string orgId, string userId, string action, string? sourceIp, CancellationToken cancellationToken) =>
        RecordAsync(orgId, SecurityEventTypes.MfaBypassAttempt, Severities.High, sourceIp, cancellationToken,
            ("userId", userId), ("ipAddress", sourceIp ?? "unknown"), ("action", action),
            ("reason", "wrong or reused two-factor code after a correct password"));

    private Task RecordAsync(
        string orgId, string eventType, string severity, string? sourceIp, CancellationToken cancellationToken,
        params (string Key, string Value)[] details) =>
        recorder.RecordAsync(orgId, eventType, severity, sourceIp, cancellationToken, details);
}
