using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Compliance;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Org;

/// <summary>
/// Records every change of who may act in an organisation as a security event in its own ledger, so an
/// auditor sees access changes beside the events they make possible. The server is the actor; the person
/// who made the change is the <c>changedBy</c> detail.
/// </summary>
internal sealed class AccessEvents(SecurityEventRecorder recorder)
{
    public const string RoleChanged = "role_changed";
    public const string MemberAdded = "member_added";
    public const string MemberRemoved = "member_removed";
    public const string ApiKeyCreated = "api_key_created";
    public const string ApiKeyRevoked = "api_key_revoked";
    public const string ApiKeyChanged = "api_key_changed";

    public Task RoleChangedAsync(
        string orgId, string userId, string from, string to, Caller changedBy, string? sourceIp, CancellationToken cancellationToken)
    {
        var escalation = Roles.IsEscalation(from, to);
        return RecordAsync(orgId, escalation ? SecurityEventTypes.AdminPrivilegeEscalation : RoleChanged,
            escalation ? Severities.High : Severities.Medium, sourceIp, cancellationToken,
            ("userId", userId), ("action", "role_change"), ("reason", $"role changed from {from} to {to}"),
            ("previousRole", from), ("newRole", to), ("changedBy", changedBy.Id));
    }

    public Task MemberAddedAsync(InviteRecord invite, string userId, string? sourceIp, CancellationToken cancellationToken)
    {
        var escalation = Roles.IsEscalation(null, invite.Role);
        return RecordAsync(invite.OrgId, escalation ? SecurityEventTypes.AdminPrivilegeEscalation : MemberAdded,
            escalation ? Severities.High : Severities.Low, sourceIp, cancellationToken,
            ("userId", userId), ("action", "invite_accepted"), ("reason", $"joined as {invite.Role} through invite {invite.Id}"),
            ("newRole", invite.Role), ("changedBy", invite.InvitedBy));
    }

    public Task MemberRemovedAsync(
        string orgId, string userId, string role, Caller changedBy, string? sourceIp, CancellationToken cancellationToken) =>
        RecordAsync(orgId, MemberRemoved, Severities.Medium, sourceIp, cancellationToken,
            ("userId", userId), ("action", "member_removal"), ("reason", $"removed from the organisation; role was {role}"),
            ("previousRole", role), ("changedBy", changedBy.Id));

    public Task ApiKeyCreatedAsync(ApiKeyRecord key, Caller changedBy, string? sourceIp, CancellationToken cancellationToken) =>
        RecordAsync(key.OrgId, ApiKeyCreated, Severities.Medium, sourceIp, cancellationToken,
            ("resource", key.Id), ("action", "api_key_created"),
            ("reason", $"API key created with scopes {string.Join(' ', key.Scopes)}"), ("changedBy", changedBy.Id));

    public Task ApiKeyRevokedAsync(string orgId, string keyId, Caller changedBy, string? sourceIp, CancellationToken cancellationToken) =>
        RecordAsync(orgId, ApiKeyRevoked, Severities.Medium, sourceIp, cancellationToken,
            ("resource", keyId), ("action", "api_key_revoked"), ("reason", "API key revoked"), ("changedBy", changedBy.Id));

    /// <summary>A key's scopes, state, limit or name changed, or its secret was replaced (<paramref name="action"/> says which).</summary>
    public Task ApiKeyChangedAsync(
        string orgId, string keyId, string action, string reason, Caller changedBy, string? sourceIp, CancellationToken cancellationToken) =>
        RecordAsync(orgId, ApiKeyChanged, Severities.Medium, sourceIp, cancellationToken,
            ("resource", keyId), ("action", action), ("reason", reason), ("changedBy", changedBy.Id));

    private async Task RecordAsync(
        string orgId, string eventType, string severity, string? sourceIp, CancellationToken cancellationToken,
        params (string Key, string Value)[] details) =>
        await recorder.RecordSystemEventAsync(orgId, eventType, severity, sourceIp,
            details.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal), cancellationToken);
}
