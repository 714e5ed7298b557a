using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>
/// The official contract's organisation paths, <c>/api/orgs/{orgId}/…</c>. A caller acts only in the organisation of
/// their own token (the signed-in user's <c>orgId</c>); any other id answers 404.
/// </summary>
public sealed class OrganizationClient
{
    private readonly MudbaseTransport transport;

    internal OrganizationClient(MudbaseTransport transport) => this.transport = transport;

    /// <summary>The organisation: name, slug, description, website. Any member.</summary>
    public Task<OrganizationResponse> GetAsync(string orgId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, OrgPath(orgId), MudbaseJsonContext.Default.OrganizationResponse, cancellationToken);

    /// <summary>Changes the organisation's name, description or website (owners and admins); the slug never changes.</summary>
    public Task<UpdateOrganizationResponse> UpdateAsync(string orgId, UpdateOrganizationRequest change, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Patch, OrgPath(orgId), change,
            MudbaseJsonContext.Default.UpdateOrganizationRequest, MudbaseJsonContext.Default.UpdateOrganizationResponse, cancellationToken);

    /// <summary>Every member in the official <c>User</c> shape (owners, admins and auditors); an auditor is <c>viewer</c> with <c>customRole: auditor</c>.</summary>
    public Task<OrgMembersResponse> GetMembersAsync(string orgId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, OrgPath(orgId) + "/members", MudbaseJsonContext.Default.OrgMembersResponse, cancellationToken);

    /// <summary>Invites an e-mail address with a role (owners and admins). Hand the returned token to the invitee; it is not shown again.</summary>
    public Task<OrgInviteResponse> InviteAsync(string orgId, CreateInviteRequest request, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Post, OrgPath(orgId) + "/invite", request,
            MudbaseJsonContext.Default.CreateInviteRequest, MudbaseJsonContext.Default.OrgInviteResponse, cancellationToken);

    /// <summary>Changes a member's role (owners and admins; only owners grant or change the owner role).</summary>
    public Task<OrgMemberRoleResponse> UpdateMemberRoleAsync(string orgId, string userId, string role, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Patch, MemberPath(orgId, userId) + "/role", new UpdateMemberRequest(role),
            MudbaseJsonContext.Default.UpdateMemberRequest, MudbaseJsonContext.Default.OrgMemberRoleResponse, cancellationToken);

    /// <summary>Removes a member (owners and admins; never the last owner).</summary>
    public Task<MessageResponse> RemoveMemberAsync(string orgId, string userId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Delete, MemberPath(orgId, userId), MudbaseJsonContext.Default.MessageResponse, cancellationToken);

    /// <summary>What a member has in the organisation: refreshable sessions and the unrevoked API keys they created (owners and admins).</summary>
    public Task<UserOverviewResponse> GetUserOverviewAsync(string orgId, string userId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, $"{OrgPath(orgId)}/users/{Uri.EscapeDataString(userId)}/overview",
            MudbaseJsonContext.Default.UserOverviewResponse, cancellationToken);

    private static string OrgPath(string orgId) => "api/orgs/" + Uri.EscapeDataString(orgId);

    private static string MemberPath(string orgId, string userId) => $"{OrgPath(orgId)}/members/{Uri.EscapeDataString(userId)}";
}
