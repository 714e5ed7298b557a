using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>The organisation endpoints: members and invites.</summary>
public sealed class OrgClient
{
    private readonly MudbaseTransport transport;

    internal OrgClient(MudbaseTransport transport) => this.transport = transport;

    /// <summary>Every member of the caller's organisation, oldest first (owners, admins and auditors).</summary>
    public async Task<IReadOnlyList<MemberView>> ListMembersAsync(CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(HttpMethod.Get, "api/org/members", MudbaseJsonContext.Default.MembersResponse, cancellationToken);
        return response.Members;
    }

    /// <summary>
    /// Changes a member's role (owners and admins; only owners grant or change the owner role). The member's
    /// next access token carries it.
    /// </summary>
    public async Task<MemberView> UpdateMemberRoleAsync(string userId, string role, CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(HttpMethod.Patch, MemberPath(userId), new UpdateMemberRequest(role),
            MudbaseJsonContext.Default.UpdateMemberRequest, MudbaseJsonContext.Default.MemberResponse, cancellationToken);
        return response.Member;
    }

    /// <summary>Removes a member from the caller's organisation (owners and admins; never the last owner).</summary>
    public Task RemoveMemberAsync(string userId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Delete, MemberPath(userId), MudbaseJsonContext.Default.MessageResponse, cancellationToken);

    /// <summary>Invites an e-mail address with a role. Hand the returned token to the invitee; it is not shown again.</summary>
    public Task<CreateInviteResponse> CreateInviteAsync(CreateInviteRequest request, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Post, "api/org/invites", request,
            MudbaseJsonContext.Default.CreateInviteRequest, MudbaseJsonContext.Default.CreateInviteResponse, cancellationToken);

    /// <summary>
    /// Accepts an invite and stores the new access token in the client. When the client already holds an access
    /// token, that account joins the organisation; otherwise the request's password and names create an account.
    /// </summary>
    public async Task<AcceptInviteResponse> AcceptInviteAsync(AcceptInviteRequest request, CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(HttpMethod.Post, "api/auth/accept-invite", request,
            MudbaseJsonContext.Default.AcceptInviteRequest, MudbaseJsonContext.Default.AcceptInviteResponse, cancellationToken);
        transport.SetJwt(response.Token);
        return response;
    }

    private static string MemberPath(string userId) => "api/org/members/" + Uri.EscapeDataString(userId);
}
