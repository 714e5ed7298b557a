namespace Mudbase.Server.Storage;

internal sealed record UserRecord(
    string Id, string Email, string PasswordHash, string FirstName, string LastName, DateTimeOffset CreatedAt);

internal sealed record MembershipRecord(string UserId, string OrgId, string Role);

internal sealed record RefreshTokenRecord(
    string TokenHash, string FamilyId, string UserId, string OrgId, DateTimeOffset ExpiresAt);

internal enum RefreshOutcome
{
    Valid,
    Unknown,
    Expired,
    Revoked,
    /// <summary>The token was already spent: its whole family is now revoked.</summary>
    Reused,
}

internal sealed class DuplicateEmailException() : Exception("An account with this e-mail already exists");
