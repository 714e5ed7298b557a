namespace Mudbase.Server.Storage;

/// <summary>The caller's stored role in the organisation, and whether the token's session was revoked (logout, reuse).</summary>
internal sealed record RequestAccess(string Role, bool SessionRevoked);
