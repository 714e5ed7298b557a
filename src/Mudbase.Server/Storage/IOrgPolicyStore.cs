namespace Mudbase.Server.Storage;

/// <summary>Per-organisation settings that compliance reports read, and what the organisation's events carry.</summary>
internal interface IOrgPolicyStore
{
    /// <summary>The organisation's policy; the defaults when it never set one.</summary>
    Task<OrgPolicyRecord> GetPolicyAsync(string orgId, CancellationToken cancellationToken);

    Task SetRequiredMfaRolesAsync(string orgId, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    /// <summary>Stores the editable parts of the processing record as JSON.</summary>
    Task SetProcessingProfileAsync(string orgId, string profileJson, CancellationToken cancellationToken);

    /// <summary>Every detail key the organisation's events carry, with how many events carry it and first and last seen.</summary>
    Task<IReadOnlyList<DetailKeyUsage>> DetailKeyUsageAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>The organisation's invites created before <paramref name="until"/>, oldest first.</summary>
    Task<IReadOnlyList<InviteRecord>> InvitesAsync(string orgId, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Every API key of the organisation, revoked ones included, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> AllApiKeysAsync(string orgId, CancellationToken cancellationToken);
}

internal sealed record OrgPolicyRecord(IReadOnlyList<string> RequireMfaForRoles, string? ProcessingProfileJson);

internal sealed record DetailKeyUsage(string Key, long Events, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);
