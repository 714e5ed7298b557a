using Mudbase.Contracts;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth;

/// <summary>Builds the user as the API shows it, with the organisation summary the official contract asks for.</summary>
internal sealed class UserViews(IOrgStore orgs)
{
    public async Task<UserView> CreateAsync(UserRecord user, MembershipRecord membership, CancellationToken cancellationToken)
    {
        var org = await orgs.FindOrgAsync(membership.OrgId, cancellationToken);
        var (role, customRole) = OfficialRole(membership.Role);
        return new UserView(user.Id, user.Email, user.FirstName, user.LastName, membership.OrgId, role, user.CreatedAt,
            org is null ? null : new OrganizationSummary(org.Id, org.Name, org.Slug), customRole);
    }

    /// <summary>
    /// The official enum has no auditor: auditors are shown as the closest role that claims no more than they hold
    /// (<c>viewer</c>), with <c>customRole</c> naming the real one. Authorisation never reads this; it reads the token.
    /// </summary>
    public static (string Role, string? CustomRole) OfficialRole(string role) =>
        role == Roles.Auditor ? (Roles.Viewer, Roles.Auditor) : (role, null);
}
