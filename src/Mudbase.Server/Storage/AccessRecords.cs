namespace Mudbase.Server.Storage;

/// <summary>An invitation to join an organisation; only the SHA-256 hash of its token is kept.</summary>
internal sealed record InviteRecord(
    string Id,
    string OrgId,
    string Email,
    string Role,
    string TokenHash,
    string InvitedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? AcceptedAt);

/// <summary>A user as a member of one organisation.</summary>
internal sealed record MemberRecord(
    string UserId, string Email, string FirstName, string LastName, string Role, DateTimeOffset JoinedAt);

/// <summary>An organisation's API key; only the SHA-256 hash of its secret is kept.</summary>
internal sealed record ApiKeyRecord(
    string Id,
    string OrgId,
    string Name,
    string Prefix,
    string KeyHash,
    IReadOnlyList<string> Scopes,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    long RequestCount = 0,
    bool IsActive = true,
    KeyRateLimit? RateLimit = null,
    DateTimeOffset? UpdatedAt = null);

/// <summary>The rate limit declared for an API key: at most <paramref name="Requests"/> per <paramref name="WindowSeconds"/>.</summary>
internal sealed record KeyRateLimit(long Requests, long WindowSeconds);

internal enum InviteAcceptance
{
    Accepted,
    /// <summary>The invite does not exist, is expired or was already used.</summary>
    Unavailable,
    /// <summary>A new account was requested but the e-mail is taken.</summary>
    EmailTaken,
    /// <summary>The user already belongs to the organisation.</summary>
    AlreadyMember,
}

internal enum MemberChange
{
    Done,
    /// <summary>The user is not a member of the organisation.</summary>
    NotFound,
    /// <summary>The member's role is no longer the one the caller saw.</summary>
    Stale,
    /// <summary>The change would leave the organisation without an owner.</summary>
    LastOwner,
}
