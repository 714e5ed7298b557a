namespace Mudbase.Server.Storage;

/// <summary>
/// An organisation's privacy settings: the secret key of its subject hashes, the retention period of detail values
/// (null keeps them) and the detail keys it declared personal beyond the built-in ones.
/// </summary>
internal sealed record PrivacySettings(
    string OrgId, byte[] SubjectKey, int? RetentionDays, IReadOnlyList<string> PersonalKeys, DateTimeOffset UpdatedAt);

/// <summary>A legal hold: while active it keeps the details of the events it covers from any erasure.</summary>
internal sealed record LegalHoldRecord(
    string Id, string OrgId, string? SubjectId, DateTimeOffset? From, DateTimeOffset? To, string Reason,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ReleasedAt, string? ReleasedBy)
{
    public bool IsActive => ReleasedAt is null;

    /// <summary>True when the hold is active and covers an event about <paramref name="userId"/> recorded at <paramref name="recordedAt"/>.</summary>
    public bool Covers(string? userId, DateTimeOffset recordedAt) =>
        IsActive
        && (SubjectId is null || string.Equals(SubjectId, userId, StringComparison.Ordinal))
        && (From is null || recordedAt >= From)
        && (To is null || recordedAt < To);
}

/// <summary>The durable record of one erasure: no personal data, the subject only as a keyed hash.</summary>
internal sealed record ErasureRecord(
    string Id, string OrgId, string? SubjectHash, string Scope, string RequestedBy, DateTimeOffset ErasedAt,
    long Events, long Details, long HeldBack, string? ReceiptEventId);

/// <summary>
/// Which event details to erase in one organisation, in one transaction: those of <see cref="SubjectId"/> (by
/// <c>details.userId</c>) or those recorded before <see cref="RecordedBefore"/>, in sequence order after
/// <see cref="AfterSequence"/>, at most <see cref="Limit"/> events. <see cref="Keys"/> null erases every key.
/// </summary>
internal sealed record ErasureSelection(
    string OrgId, string? SubjectId, DateTimeOffset? RecordedBefore, IReadOnlyCollection<string>? Keys,
    long AfterSequence, int Limit, bool DryRun, ErasureRecord Record);

/// <summary>An event whose details an erasure may touch, as read inside its transaction.</summary>
internal sealed record ErasureCandidate(string EventId, long Sequence, DateTimeOffset RecordedAt, string? UserId, byte[] Secrets);

/// <summary>The new state of one event's details after erasure.</summary>
internal sealed record DetailErasure(string EventId, byte[] Secrets, bool UserId, bool IpAddress, bool Resource, int Count);

/// <summary>An event an erasure left alone because a legal hold covers it.</summary>
internal sealed record HeldBackEvent(string EventId, string HoldId, string Reason);

/// <summary>What an erasure did (or, in a dry run, would do).</summary>
internal sealed record ErasureOutcome(
    int EventsMatched, IReadOnlyList<DetailErasure> Erased, IReadOnlyList<HeldBackEvent> HeldBack, long LastSequence)
{
    public long DetailsErased => Erased.Sum(e => (long)e.Count);
}

/// <summary>What the store holds about an account beyond its events.</summary>
internal sealed record AccountFootprint(
    IReadOnlyList<MembershipRecord> Memberships, IReadOnlyList<SessionRecord> Sessions, IReadOnlyList<ApiKeyRecord> ApiKeysCreated,
    DateTimeOffset? ErasedAt);

/// <summary>A refresh-token family of a user, without its secrets.</summary>
internal sealed record SessionRecord(
    string FamilyId, string OrgId, DateTimeOffset ExpiresAt, bool Revoked, int TokensIssued);

/// <summary>What erasing an account did: erased it, found it erased already, or refused for the organisations it solely owns.</summary>
internal sealed record AccountErasureOutcome(bool Erased, IReadOnlyList<string> SoleOwnedOrgs);
