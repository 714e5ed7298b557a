using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Outcomes;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Org;

/// <summary>
/// Role changes and removals. They act on the stored membership at once, but a caller's access token keeps
/// the role it was issued with until it expires: a change takes effect on the member's next token.
/// </summary>
internal sealed class MemberService(IAccessStore access, AccessEvents events)
{
    public async Task<IReadOnlyList<MemberView>> ListAsync(string orgId, CancellationToken cancellationToken) =>
        (await access.ListMembersAsync(orgId, cancellationToken)).Select(ToView).ToList();

    public async Task<(MemberView? Member, Refusal? Problem)> ChangeRoleAsync(
        Caller caller, string userId, string role, string? sourceIp, CancellationToken cancellationToken)
    {
        var member = await access.FindMemberAsync(caller.OrgId, userId, cancellationToken);
        if (member is null)
            return (null, MemberNotFound());
        if (caller.Role != Roles.Owner && (role == Roles.Owner || member.Role == Roles.Owner))
            return (null, Refusal.Forbidden("Only an owner can grant or change the owner role"));
        if (member.Role == role)
            return (ToView(member), null);

        if (Declined(await access.ChangeRoleAsync(caller.OrgId, userId, member.Role, role, cancellationToken)) is { } problem)
            return (null, problem);
        await events.RoleChangedAsync(caller.OrgId, userId, member.Role, role, caller, sourceIp, cancellationToken);
        return (ToView(member with { Role = role }), null);
    }

    public async Task<Refusal?> RemoveAsync(Caller caller, string userId, string? sourceIp, CancellationToken cancellationToken)
    {
        var member = await access.FindMemberAsync(caller.OrgId, userId, cancellationToken);
        if (member is null)
            return MemberNotFound();
        if (caller.Role != Roles.Owner && member.Role == Roles.Owner)
            return Refusal.Forbidden("Only an owner can remove an owner");

        if (Declined(await access.RemoveMemberAsync(caller.OrgId, userId, member.Role, cancellationToken)) is { } problem)
            return problem;
        await events.MemberRemovedAsync(caller.OrgId, userId, member.Role, caller, sourceIp, cancellationToken);
        return null;
    }

    private static Refusal? Declined(MemberChange change) => change switch
    {
        MemberChange.Done => null,
        MemberChange.NotFound => MemberNotFound(),
        MemberChange.LastOwner => Refusal.Conflict("An organisation must keep at least one owner"),
        _ => Refusal.Conflict("The member's role changed meanwhile; read it again and retry"),
    };

    private static Refusal MemberNotFound() => Refusal.NotFound("Member not found");

    private static MemberView ToView(MemberRecord member) =>
        new(member.UserId, member.Email, member.FirstName, member.LastName, member.Role, member.JoinedAt);
}
