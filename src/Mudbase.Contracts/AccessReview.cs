namespace Mudbase.Contracts;

/// <summary>A closed time range under review.</summary>
/// <param name="Start">First instant (inclusive).</param>
/// <param name="End">Last instant (inclusive); at most 400 days after <paramref name="Start"/>.</param>
public sealed record ReviewPeriod(DateTimeOffset Start, DateTimeOffset End);

/// <summary>Body of <c>POST /api/compliance/access-review</c>.</summary>
/// <param name="ReviewPeriod">The period under review.</param>
/// <param name="OrgId">Your organisation (optional; another one is a 404).</param>
public sealed record AccessReviewRequest(ReviewPeriod ReviewPeriod, string? OrgId = null);

/// <summary>Answer of <c>POST /api/compliance/access-review</c>: the report, under both names the official API uses.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">What happened.</param>
/// <param name="Report">The report.</param>
/// <param name="Data">The same report.</param>
public sealed record AccessReviewResponse(bool Success, string Message, AccessReviewReport Report, AccessReviewReport Data);

/// <summary>Who had access to the organisation during a period, and what a reviewer should act on.</summary>
/// <param name="OrgId">The organisation.</param>
/// <param name="ReviewPeriod">The period.</param>
/// <param name="Users">Every member during the period, current and removed.</param>
/// <param name="ApiKeys">Every API key that existed during the period.</param>
/// <param name="Invitations">Invitations sent up to the end of the period.</param>
/// <param name="Findings">What a reviewer should decide on, each with its reason.</param>
/// <param name="Summary">Counts, including two-factor coverage.</param>
/// <param name="Recommendations">What to do about each finding.</param>
/// <param name="GeneratedAt">When the report was computed.</param>
/// <param name="ReportDigest">SHA-256 (hex) of the users, keys and findings, quoted by a sign-off.</param>
public sealed record AccessReviewReport(
    string OrgId, ReviewPeriod ReviewPeriod, IReadOnlyList<ReviewedUser> Users, IReadOnlyList<ReviewedApiKey> ApiKeys,
    IReadOnlyList<ReviewedInvite> Invitations, IReadOnlyList<AccessFinding> Findings, AccessReviewSummary Summary,
    IReadOnlyList<string> Recommendations, DateTimeOffset GeneratedAt, string ReportDigest);

/// <summary>A member during the period.</summary>
/// <param name="UserId">User id.</param>
/// <param name="Email">E-mail address, when the account still exists.</param>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="Role">Role now, or the last role for a removed member.</param>
/// <param name="Status"><c>active</c> or <c>removed</c>.</param>
/// <param name="JoinedAt">When they joined.</param>
/// <param name="LeftAt">When they were removed.</param>
/// <param name="LastSignInAt">Last sign-in recorded by this server.</param>
/// <param name="TwoFactorEnabled">Whether two-factor sign-in is on now.</param>
/// <param name="RoleChanges">Role changes in the period, from the ledger's own membership events.</param>
/// <param name="ApiKeyIds">Keys they created.</param>
public sealed record ReviewedUser(
    string UserId, string? Email, string? FirstName, string? LastName, string? Role, string Status, DateTimeOffset? JoinedAt,
    DateTimeOffset? LeftAt, DateTimeOffset? LastSignInAt, bool TwoFactorEnabled, IReadOnlyList<RoleChange> RoleChanges,
    IReadOnlyList<string> ApiKeyIds);

/// <summary>A membership change recorded in the ledger.</summary>
/// <param name="At">When.</param>
/// <param name="From">Role before (absent when joining).</param>
/// <param name="To">Role after (absent when removed).</param>
/// <param name="ChangedBy">Who made the change.</param>
/// <param name="Escalation">Whether owner or admin rights were granted.</param>
/// <param name="EventId">The ledger event that records it.</param>
public sealed record RoleChange(DateTimeOffset At, string? From, string? To, string? ChangedBy, bool Escalation, string EventId);

/// <summary>An API key during the period.</summary>
/// <param name="Id">Key id.</param>
/// <param name="Name">Label.</param>
/// <param name="Prefix">First characters of the secret.</param>
/// <param name="Scopes">Scopes.</param>
/// <param name="CreatedBy">Creator's user id.</param>
/// <param name="CreatorIsMember">Whether the creator is still a member.</param>
/// <param name="CreatedAt">Created.</param>
/// <param name="ExpiresAt">Expiry; never when absent.</param>
/// <param name="LastUsedAt">Last use.</param>
/// <param name="RevokedAt">Revocation.</param>
/// <param name="AgeDays">Days from creation to the end of the period (or now, if earlier).</param>
/// <param name="Status"><c>active</c>, <c>expired</c> or <c>revoked</c>.</param>
public sealed record ReviewedApiKey(
    string Id, string Name, string Prefix, IReadOnlyList<string> Scopes, string CreatedBy, bool CreatorIsMember,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, int AgeDays, string Status);

/// <summary>An invitation.</summary>
/// <param name="Id">Invite id.</param>
/// <param name="Email">Invited address.</param>
/// <param name="Role">Offered role.</param>
/// <param name="InvitedBy">Inviter's user id.</param>
/// <param name="CreatedAt">Sent.</param>
/// <param name="ExpiresAt">Expiry.</param>
/// <param name="AcceptedAt">Accepted.</param>
/// <param name="Status"><c>accepted</c>, <c>pending</c> or <c>expired</c>.</param>
public sealed record ReviewedInvite(
    string Id, string Email, string Role, string InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt,
    string Status);

/// <summary>Something a reviewer should decide to keep or revoke.</summary>
/// <param name="Id">Stable id (<c>kind:subject</c>), quoted by a sign-off decision.</param>
/// <param name="Kind">One of <see cref="AccessFindingKinds"/>.</param>
/// <param name="Severity"><c>low</c>, <c>medium</c> or <c>high</c>.</param>
/// <param name="Subject">The user, key or event concerned.</param>
/// <param name="Reason">Why it is a finding.</param>
/// <param name="Recommendation">What to do.</param>
public sealed record AccessFinding(string Id, string Kind, string Severity, string Subject, string Reason, string Recommendation);

/// <summary>The kinds of access-review findings.</summary>
public static class AccessFindingKinds
{
    /// <summary>An owner or admin, or a role the organisation requires it of, without two-factor sign-in.</summary>
    public const string PrivilegedWithoutMfa = "privileged_without_mfa";
    /// <summary>No sign-in for more than 90 days.</summary>
    public const string IdleAccount = "idle_account";
    /// <summary>An active key unused for more than 90 days.</summary>
    public const string UnusedApiKey = "unused_api_key";
    /// <summary>An active key without an expiry.</summary>
    public const string NonExpiringApiKey = "non_expiring_api_key";
    /// <summary>An active key whose creator is no longer a member.</summary>
    public const string OrphanedApiKey = "orphaned_api_key";
    /// <summary>Owner or admin rights granted during the period.</summary>
    public const string PrivilegeEscalation = "privilege_escalation";
    /// <summary>More owners than the review's limit.</summary>
    public const string TooManyOwners = "too_many_owners";
}

/// <summary>Counts of an access review.</summary>
/// <param name="Members">Members during the period.</param>
/// <param name="ActiveMembers">Members now.</param>
/// <param name="RemovedMembers">Removed during the period.</param>
/// <param name="Owners">Owners now.</param>
/// <param name="Admins">Admins now.</param>
/// <param name="MembersWithTwoFactor">Active members with two-factor sign-in.</param>
/// <param name="TwoFactorCoveragePercent">Their share of active members, 0–100.</param>
/// <param name="PrivilegedWithoutTwoFactor">Owners, admins and policy roles without it.</param>
/// <param name="RequireMfaForRoles">The organisation's policy.</param>
/// <param name="ApiKeys">Keys during the period.</param>
/// <param name="ActiveApiKeys">Keys usable now.</param>
/// <param name="InvitationsSent">Invitations sent in the period.</param>
/// <param name="InvitationsAccepted">Invitations accepted in the period.</param>
/// <param name="RoleChanges">Membership changes in the period.</param>
/// <param name="PrivilegeEscalations">Grants of owner or admin in the period.</param>
/// <param name="FindingsBySeverity">Findings per severity.</param>
public sealed record AccessReviewSummary(
    int Members, int ActiveMembers, int RemovedMembers, int Owners, int Admins, int MembersWithTwoFactor, double TwoFactorCoveragePercent,
    int PrivilegedWithoutTwoFactor, IReadOnlyList<string> RequireMfaForRoles, int ApiKeys, int ActiveApiKeys, int InvitationsSent,
    int InvitationsAccepted, int RoleChanges, int PrivilegeEscalations, IReadOnlyDictionary<string, int> FindingsBySeverity);

/// <summary>Body of <c>POST /api/compliance/access-review/sign-off</c>.</summary>
/// <param name="ReviewPeriod">The period reviewed.</param>
/// <param name="Decisions">A decision per finding id of the report.</param>
/// <param name="OrgId">Your organisation (optional).</param>
public sealed record AccessReviewSignOffRequest(ReviewPeriod ReviewPeriod, IReadOnlyList<AccessReviewDecision> Decisions, string? OrgId = null);

/// <summary>A reviewer's decision on one finding.</summary>
/// <param name="FindingId">The finding's id.</param>
/// <param name="Decision"><c>keep</c> or <c>revoke</c>.</param>
/// <param name="Note">Why (at most 500 characters).</param>
public sealed record AccessReviewDecision(string FindingId, string Decision, string? Note = null);

/// <summary>Answer of the sign-off: the review is now an event in the organisation's ledger.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">What happened.</param>
/// <param name="EventId">The <c>access_review_signed_off</c> event.</param>
/// <param name="ReviewedBy">The reviewer's user id.</param>
/// <param name="SignedOffAt">When.</param>
/// <param name="ReportDigest">Digest of the report signed off.</param>
/// <param name="Findings">Findings in the report.</param>
/// <param name="Kept">Decided keep.</param>
/// <param name="Revoked">Decided revoke.</param>
/// <param name="Undecided">Without a decision.</param>
public sealed record AccessReviewSignOffResponse(
    bool Success, string Message, string EventId, string ReviewedBy, DateTimeOffset SignedOffAt, string ReportDigest,
    int Findings, int Kept, int Revoked, int Undecided);
