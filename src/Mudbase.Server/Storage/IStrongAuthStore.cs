namespace Mudbase.Server.Storage;

/// <summary>
/// Second factors, sign-in challenges, password changes and per-user sign-in facts. Every "spend" method is a single
/// conditional write, so a code, a recovery code or a challenge is accepted at most once even across server nodes.
/// </summary>
internal interface IStrongAuthStore
{
    Task<MfaRecord?> FindMfaAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Stores a new, not yet enabled secret; false (nothing written) when two-factor sign-in is already on.</summary>
    Task<bool> SavePendingSecretAsync(string userId, string secret, CancellationToken cancellationToken);

    /// <summary>Enables the pending <paramref name="secret"/> with <paramref name="step"/> spent and the recovery code hashes; false when it is no longer the pending one.</summary>
    Task<bool> EnableMfaAsync(
        string userId, string secret, long step, IReadOnlyList<string> recoveryCodeHashes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Spends TOTP time step <paramref name="step"/>: true only if no step at or after it was accepted before.</summary>
    Task<bool> SpendStepAsync(string userId, long step, CancellationToken cancellationToken);

    /// <summary>Spends an unused recovery code; false when unknown or already used.</summary>
    Task<bool> SpendRecoveryCodeAsync(string userId, string codeHash, DateTimeOffset now, CancellationToken cancellationToken);

    Task<int> CountUnusedRecoveryCodesAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Removes the second factor and its recovery codes.</summary>
    Task DisableMfaAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Members of the organisation with two-factor sign-in enabled.</summary>
    Task<IReadOnlySet<string>> MfaEnabledMembersAsync(string orgId, CancellationToken cancellationToken);

    Task AddChallengeAsync(MfaChallengeRecord challenge, CancellationToken cancellationToken);

    /// <summary>The unused, unexpired challenge with this hash, or null.</summary>
    Task<MfaChallengeRecord?> FindChallengeAsync(string idHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Spends the challenge; false when it was spent or expired meanwhile.</summary>
    Task<bool> SpendChallengeAsync(string idHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>In one transaction: sets the password hash and revokes every refresh token of the user.</summary>
    Task ChangePasswordAsync(string userId, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Sets names, e-mail and avatar (null: unchanged).</summary>
    /// <exception cref="DuplicateEmailException">The e-mail belongs to another account.</exception>
    Task UpdateProfileAsync(string userId, ProfileChange change, CancellationToken cancellationToken);

    Task RecordSignInAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Sign-in facts of the organisation's members, by user id.</summary>
    Task<IReadOnlyDictionary<string, UserActivity>> MemberActivityAsync(string orgId, CancellationToken cancellationToken);
}

/// <summary>A user's TOTP secret (base32); <see cref="EnabledAt"/> is null while setup is not verified.</summary>
internal sealed record MfaRecord(string UserId, string Secret, DateTimeOffset? EnabledAt, long LastStep);

/// <summary>A password step passed, waiting for the second factor; only the hash of its token is kept.</summary>
internal sealed record MfaChallengeRecord(string IdHash, string UserId, string OrgId, DateTimeOffset ExpiresAt);

internal sealed record ProfileChange(string? FirstName, string? LastName, string? Email, string? Avatar);

internal sealed record UserActivity(DateTimeOffset? LastSignInAt, DateTimeOffset? PasswordChangedAt);
