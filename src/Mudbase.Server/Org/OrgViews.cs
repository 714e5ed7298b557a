using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Org;

internal static class OrgViews
{
    public static OrganizationView ToView(OrgRecord org) =>
        new(org.Id, org.Name, org.Slug, org.Description, org.Website, org.CreatedAt, org.UpdatedAt);

    public static OrganizationSummary Summary(OrgRecord org) => new(org.Id, org.Name, org.Slug);

    public static OrgMemberView ToView(MemberRecord member, OrgRecord org)
    {
        var (role, customRole) = UserViews.OfficialRole(member.Role);
        return new OrgMemberView(member.UserId, member.Email, member.FirstName, member.LastName, role, customRole, Summary(org), member.JoinedAt);
    }
}
