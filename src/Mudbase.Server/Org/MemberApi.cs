using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;

namespace Mudbase.Server.Org;

internal static class MemberApi
{
    public static void MapMemberApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/org/members")
            .WithTags("Organisation")
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapGet("", ListAsync)
            .WithSummary("Members of your organisation")
            .WithDescription("Owners, admins and auditors (access reviews).")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapPatch("/{userId}", ChangeRoleAsync)
            .WithSummary("Change a member's role")
            .WithDescription("Owners and admins; only owners may grant or change the owner role, and the last owner cannot be demoted (409). The new role applies from the member's next request, whatever their current token says. Recorded in the ledger as admin_privilege_escalation (a grant of owner or admin) or role_changed.")
            .Accepts<UpdateMemberRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapDelete("/{userId}", RemoveAsync)
            .WithSummary("Remove a member")
            .WithDescription("Owners and admins; only owners may remove an owner, and never the last one (409). Recorded in the ledger as member_removed.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<MembersResponse>> ListAsync(
        HttpContext context, MemberService members, CancellationToken cancellationToken) =>
        TypedResults.Ok(new MembersResponse(true, await members.ListAsync(Caller.From(context.User).OrgId, cancellationToken)));

    private static Task<Results<Ok<MemberResponse>, ApiProblem>> ChangeRoleAsync(
        string userId, HttpContext context, MemberService members, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<MemberResponse>>(context, async root =>
        {
            var (role, errors) = OrgInputs.ParseRoleChange(root);
            if (role is null)
                return ApiProblem.Validation(errors);
            var (member, problem) = await members.ChangeRoleAsync(
                Caller.From(context.User), userId, role, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return problem is not null ? ApiProblem.From(problem) : TypedResults.Ok(new MemberResponse(true, member!));
        });

    /// <summary>Also serves the official <c>DELETE /api/orgs/{orgId}/members/{userId}</c>.</summary>
    internal static async Task<Results<Ok<MessageResponse>, ApiProblem>> RemoveAsync(
        string userId, HttpContext context, MemberService members, CancellationToken cancellationToken)
    {
        var problem = await members.RemoveAsync(
            Caller.From(context.User), userId, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        return problem is not null ? ApiProblem.From(problem) : TypedResults.Ok(new MessageResponse(true, "Member removed"));
    }
}
