using Mudbase.Contracts;
using Mudbase.Server.Auth;

namespace Mudbase.Server.Compliance.AccessReview;

/// <summary>What a reviewer acts on, each with its reason and a recommendation.</summary>
internal static class AccessFindings
{
    public static readonly TimeSpan IdleAfter = TimeSpan.FromDays(90);
    public const int MaxOwners = 3;

    public static IReadOnlyList<AccessFinding> Find(
        string orgId, IReadOnlyList<ReviewedUser> users, IReadOnlyList<ReviewedApiKey> keys, MembershipHistory history,
        ReviewPeriod period, DateTimeOffset asOf, IReadOnlyList<string> requireMfaForRoles)
    {
        var findings = new List<AccessFinding>();
        var active = users.Where(u => u.Status == "active").ToList();
        foreach (var user in active)
        {
            var name = user.Email ?? user.UserId;
            if (!user.TwoFactorEnabled && user.Role is { } role && (Roles.Administrators.Contains(role) || requireMfaForRoles.Contains(role)))
                findings.Add(New(AccessFindingKinds.PrivilegedWithoutMfa, Severities.High, user.UserId,
                    $"{name} is {role} without two-factor sign-in",
                    "Ask them to enable two-factor sign-in, or set requireMfaForRoles so their tokens only allow setting it up."));
            var lastSeen = user.LastSignInAt ?? user.JoinedAt;
            if (lastSeen is { } seen && asOf - seen > IdleAfter)
                findings.Add(New(AccessFindingKinds.IdleAccount, Severities.Medium, user.UserId,
                    user.LastSignInAt is null
                        ? $"{name} has no sign-in recorded since joining on {seen:yyyy-MM-dd}"
                        : $"{name} last signed in on {seen:yyyy-MM-dd}, more than {IdleAfter.TotalDays:0} days ago",
                    "Remove the member if they no longer need access (DELETE /api/org/members/{userId})."));
        }
        foreach (var key in keys.Where(k => k.Status == "active"))
        {
            var lastUse = key.LastUsedAt ?? key.CreatedAt;
            if (asOf - lastUse > IdleAfter)
                findings.Add(New(AccessFindingKinds.UnusedApiKey, Severities.Medium, key.Id,
                    key.LastUsedAt is null ? $"API key '{key.Name}' was never used in {key.AgeDays} days"
                        : $"API key '{key.Name}' was last used on {lastUse:yyyy-MM-dd}, more than {IdleAfter.TotalDays:0} days ago",
                    "Revoke the key (DELETE /api/api-keys/{keyId}) if no service uses it."));
            if (key.ExpiresAt is null)
                findings.Add(New(AccessFindingKinds.NonExpiringApiKey, Severities.Low, key.Id,
                    $"API key '{key.Name}' never expires",
                    "Replace it with a key that has an expiry, and rotate it before then."));
            if (!key.CreatorIsMember)
                findings.Add(New(AccessFindingKinds.OrphanedApiKey, Severities.High, key.Id,
                    $"API key '{key.Name}' was created by {key.CreatedBy}, who is no longer a member",
                    "Revoke the key, or replace it with one created by a current member who owns the integration."));
        }
        foreach (var escalation in history.Changes.Where(c => c.Escalation && c.At >= period.Start && c.At <= period.End))
            findings.Add(New(AccessFindingKinds.PrivilegeEscalation, Severities.Medium, escalation.EventId,
                $"{escalation.UserId} was granted {escalation.To} on {escalation.At:yyyy-MM-dd} by {escalation.ChangedBy ?? "unknown"}",
                "Confirm the grant was approved; otherwise lower the role (PATCH /api/org/members/{userId})."));
        var owners = active.Count(u => u.Role == Roles.Owner);
        if (owners > MaxOwners)
            findings.Add(New(AccessFindingKinds.TooManyOwners, Severities.Medium, orgId,
                $"The organisation has {owners} owners (more than {MaxOwners})",
                "Keep owners to the few people who must manage owners; demote the others to admin."));
        return findings;
    }

    private static AccessFinding New(string kind, string severity, string subject, string reason, string recommendation) =>
        new($"{kind}:{subject}", kind, severity, subject, reason, recommendation);
}
