namespace Mudbase.Server.Storage;

/// <summary>Organisation profiles.</summary>
internal interface IOrgStore
{
    Task<OrgRecord?> FindOrgAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>Applies the change; the slug stays what it was. Null when there is no such organisation.</summary>
    Task<OrgRecord?> UpdateOrgAsync(string orgId, OrgChange change, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The user's sessions in the organisation that can still be refreshed (families with a live, unspent token).</summary>
    Task<int> CountSessionsAsync(string orgId, string userId, DateTimeOffset now, CancellationToken cancellationToken);
}
