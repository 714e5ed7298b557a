namespace Mudbase.Server.Storage;

/// <summary>
/// The one read every authorizing request makes: is the caller still a member, with which role, and is the session
/// their token belongs to still open. Uncached by design, so a change made on any node counts from the next request.
/// </summary>
internal interface IRequestAccessStore
{
    /// <param name="sessionId">The token's <c>sid</c> (its refresh-token family), or null for a token without one.</param>
    /// <returns>Null when <paramref name="userId"/> is not a member of <paramref name="orgId"/>.</returns>
    Task<RequestAccess?> FindAsync(string userId, string orgId, string? sessionId, CancellationToken cancellationToken);
}
