namespace Mudbase.Server.Storage;

/// <summary>Users, organisations, memberships and refresh-token families.</summary>
internal interface IIdentityStore
{
    /// <summary>Creates the user, a new organisation and the owner membership in one transaction.</summary>
    /// <exception cref="DuplicateEmailException">The e-mail is taken.</exception>
    Task CreateAccountAsync(UserRecord user, string orgId, string orgName, CancellationToken cancellationToken);

    Task<UserRecord?> FindUserByEmailAsync(string email, CancellationToken cancellationToken);

    Task<UserRecord?> FindUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The user's membership in <paramref name="orgId"/>, or their oldest membership when null.</summary>
    Task<MembershipRecord?> FindMembershipAsync(string userId, string? orgId, CancellationToken cancellationToken);

    Task AddRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken);

    /// <summary>Spends a refresh token exactly once; a second use revokes the whole family.</summary>
    Task<(RefreshOutcome Outcome, RefreshTokenRecord? Token)> ConsumeRefreshTokenAsync(
        string tokenHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes the family of the given token, if it exists.</summary>
    Task RevokeFamilyOfAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes every refresh token of the family.</summary>
    Task RevokeFamilyAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken);
}
