using System.Security.Cryptography;
using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance.AccessReview;

/// <summary>Computes an access review from what the server holds: memberships, the ledger's membership events, keys, invites, sign-ins and second factors.</summary>
internal sealed class AccessReviewBuilder(
    IAccessStore access, IIdentityStore identities, IEventStore events, IOrgPolicyStore policies, IStrongAuthStore strongAuth,
    TimeProvider time)
{
    public async Task<AccessReviewReport> BuildAsync(string orgId, ReviewPeriod period, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var asOf = period.End < now ? period.End : now;
        var members = (await access.ListMembersAsync(orgId, cancellationToken)).Where(m => m.JoinedAt <= period.End).ToList();
        var history = await MembershipHistory.ReadAsync(events, orgId, period.End, cancellationToken);
        var keys = (await policies.AllApiKeysAsync(orgId, cancellationToken))
            .Where(k => k.CreatedAt <= period.End && (k.RevokedAt is null || k.RevokedAt >= period.Start)).ToList();
        var invites = await policies.InvitesAsync(orgId, period.End, cancellationToken);
        var withMfa = await strongAuth.MfaEnabledMembersAsync(orgId, cancellationToken);
        var activity = await strongAuth.MemberActivityAsync(orgId, cancellationToken);
        var policy = await policies.GetPolicyAsync(orgId, cancellationToken);

        var users = new List<ReviewedUser>();
        foreach (var member in members)
            users.Add(new ReviewedUser(member.UserId, member.Email, member.FirstName, member.LastName, member.Role, "active", member.JoinedAt,
                null, activity.GetValueOrDefault(member.UserId)?.LastSignInAt, withMfa.Contains(member.UserId),
                RoleChanges(history, member.UserId, period), KeysOf(keys, member.UserId)));
        users.AddRange(await RemovedAsync(history, members, keys, period, cancellationToken));

        var activeIds = members.Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        var reviewedKeys = keys.Select(k => ToView(k, activeIds.Contains(k.CreatedBy), asOf)).ToList();
        var reviewedInvites = invites.Select(i => ToView(i, asOf)).ToList();
        var findings = AccessFindings.Find(orgId, users, reviewedKeys, history, period, asOf, policy.RequireMfaForRoles);
        var summary = Summarise(users, reviewedKeys, reviewedInvites, history, findings, period, policy.RequireMfaForRoles);
        var recommendations = findings.Count == 0
            ? ["No findings. Record the review with POST /api/compliance/access-review/sign-off so the next audit sees it happened."]
            : findings.Select(f => $"{f.Subject}: {f.Recommendation}").ToList();
        return new AccessReviewReport(orgId, period, users, reviewedKeys, reviewedInvites, findings, summary, recommendations, now,
            Digest(users, reviewedKeys, findings));
    }

    private async Task<IEnumerable<ReviewedUser>> RemovedAsync(
        MembershipHistory history, List<MemberRecord> members, List<ApiKeyRecord> keys, ReviewPeriod period, CancellationToken cancellationToken)
    {
        var current = members.Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        var removed = new List<ReviewedUser>();
        foreach (var group in history.Changes.Where(c => !current.Contains(c.UserId)).GroupBy(c => c.UserId))
        {
            var last = group.Last();
            if (last.To is not null || last.At < period.Start)
                continue;
            var user = await identities.FindUserAsync(group.Key, cancellationToken);
            var joined = group.FirstOrDefault(c => c.From is null)?.At;
            removed.Add(new ReviewedUser(group.Key, user?.Email, user?.FirstName, user?.LastName, last.From, "removed", joined, last.At,
                null, false, RoleChanges(history, group.Key, period), KeysOf(keys, group.Key)));
        }
        return removed;
    }

    private static List<RoleChange> RoleChanges(MembershipHistory history, string userId, ReviewPeriod period) =>
        history.Of(userId).Where(c => c.At >= period.Start)
            .Select(c => new RoleChange(c.At, c.From, c.To, c.ChangedBy, c.Escalation, c.EventId)).ToList();

    private static List<string> KeysOf(List<ApiKeyRecord> keys, string userId) =>
        keys.Where(k => k.CreatedBy == userId).Select(k => k.Id).ToList();

    private static ReviewedApiKey ToView(ApiKeyRecord key, bool creatorIsMember, DateTimeOffset asOf) => new(
        key.Id, key.Name, key.Prefix, key.Scopes, key.CreatedBy, creatorIsMember, key.CreatedAt, key.ExpiresAt, key.LastUsedAt,
        key.RevokedAt, Math.Max(0, (int)(asOf - key.CreatedAt).TotalDays),
        key.RevokedAt is not null && key.RevokedAt <= asOf ? "revoked" : key.ExpiresAt is { } expires && expires <= asOf ? "expired" : "active");

    private static ReviewedInvite ToView(InviteRecord invite, DateTimeOffset asOf) => new(
        invite.Id, invite.Email, invite.Role, invite.InvitedBy, invite.CreatedAt, invite.ExpiresAt, invite.AcceptedAt,
        invite.AcceptedAt is not null ? "accepted" : invite.ExpiresAt <= asOf ? "expired" : "pending");

    private static AccessReviewSummary Summarise(
        List<ReviewedUser> users, List<ReviewedApiKey> keys, List<ReviewedInvite> invites, MembershipHistory history,
        IReadOnlyList<AccessFinding> findings, ReviewPeriod period, IReadOnlyList<string> requireMfaForRoles)
    {
        var active = users.Where(u => u.Status == "active").ToList();
        var withMfa = active.Count(u => u.TwoFactorEnabled);
        var inPeriod = history.Changes.Where(c => c.At >= period.Start).ToList();
        bool InPeriod(DateTimeOffset? at) => at is { } t && t >= period.Start && t <= period.End;
        return new AccessReviewSummary(
            users.Count, active.Count, users.Count - active.Count,
            active.Count(u => u.Role == Roles.Owner), active.Count(u => u.Role == Roles.Admin), withMfa,
            active.Count == 0 ? 0 : Math.Round(100.0 * withMfa / active.Count, 1),
            findings.Count(f => f.Kind == AccessFindingKinds.PrivilegedWithoutMfa), requireMfaForRoles,
            keys.Count, keys.Count(k => k.Status == "active"),
            invites.Count(i => InPeriod(i.CreatedAt)), invites.Count(i => InPeriod(i.AcceptedAt)),
            inPeriod.Count, inPeriod.Count(c => c.Escalation),
            findings.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
    }

    private static string Digest(List<ReviewedUser> users, List<ReviewedApiKey> keys, IReadOnlyList<AccessFinding> findings)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(users, MudbaseJsonContext.Default.ListReviewedUser)
            .Concat(JsonSerializer.SerializeToUtf8Bytes(keys, MudbaseJsonContext.Default.ListReviewedApiKey))
            .Concat(JsonSerializer.SerializeToUtf8Bytes(findings.ToList(), MudbaseJsonContext.Default.ListAccessFinding)).ToArray();
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
