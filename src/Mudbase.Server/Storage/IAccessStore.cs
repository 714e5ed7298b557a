namespace Mudbase.Server.Storage;

/// <summary>
/// Who may act in an organisation: invites, memberships and API keys. Every method is scoped by
/// organisation where an id comes from a caller, so another organisation's id behaves as unknown.
/// Times are stored with millisecond precision.
/// </summary>
internal interface IAccessStore
{
    /// <summary>
    /// Stores the invite only if its inviter still holds one of <paramref name="inviterRoles"/> in the organisation,
    /// checked in the same statement; false (nothing stored) otherwise.
    /// </summary>
    Task<bool> AddInviteAsync(InviteRecord invite, IReadOnlyList<string> inviterRoles, CancellationToken cancellationToken);

    /// <summary>The invite with this token hash, used or not, expired or not; null when unknown.</summary>
    Task<InviteRecord?> FindInviteAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: spends the invite (only if unused and <c>expires_at &gt; now</c>), creates
    /// <paramref name="newUser"/> when given, and adds <paramref name="userId"/> to the invite's organisation
    /// with the invited role. Any outcome but <see cref="InviteAcceptance.Accepted"/> writes nothing, so a
    /// failed attempt does not burn the invite. Concurrent accepts of one invite: exactly one succeeds.
    /// </summary>
    Task<InviteAcceptance> AcceptInviteAsync(
        string inviteId, string userId, UserRecord? newUser, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The organisation's members, oldest first.</summary>
    Task<IReadOnlyList<MemberRecord>> ListMembersAsync(string orgId, CancellationToken cancellationToken);

    Task<MemberRecord?> FindMemberAsync(string orgId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the member's role if it is still <paramref name="expectedRole"/>. Refuses (<see cref="MemberChange.LastOwner"/>)
    /// to demote the organisation's last owner; the owner count and the update must be atomic against
    /// concurrent changes in the same organisation (two owners demoting each other must not both succeed).
    /// </summary>
    Task<MemberChange> ChangeRoleAsync(
        string orgId, string userId, string expectedRole, string newRole, CancellationToken cancellationToken);

    /// <summary>Removes the membership if its role is still <paramref name="expectedRole"/>; never the last owner.</summary>
    Task<MemberChange> RemoveMemberAsync(string orgId, string userId, string expectedRole, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the key only if its creator still holds one of <paramref name="creatorRoles"/> in the organisation,
    /// checked in the same statement; false (nothing stored) otherwise.
    /// </summary>
    Task<bool> AddApiKeyAsync(ApiKeyRecord key, IReadOnlyList<string> creatorRoles, CancellationToken cancellationToken);

    /// <summary>The organisation's keys that are not revoked (expired ones included), oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>The key with this secret hash, revoked or not; null when unknown. Called on every key-authenticated request.</summary>
    Task<ApiKeyRecord?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Revokes a key of the organisation; false when there is no such unrevoked key.</summary>
    Task<bool> RevokeApiKeyAsync(string orgId, string keyId, DateTimeOffset now, CancellationToken cancellationToken);
}
