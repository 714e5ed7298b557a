using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Org;

/// <summary>
/// The official contract's organisation paths, <c>/api/orgs/{orgId}/…</c>, over the same rules as <c>/api/org/…</c>. A caller
/// acts only in the organisation of their token: any other <c>orgId</c> is a 404, never a 403 that confirms it exists.
/// </summary>
internal static class OrgApi
{
    public static void MapOrgApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/orgs/{orgId}")
            .WithTags("Organisation")
            .AddEndpointFilter(OwnOrganisationOnly)
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        group.MapGet("", GetAsync)
            .WithName("getOrganization")
            .WithSummary("Your organisation")
            .RequireAuthorization(AuthSetup.SignedInUserPolicy);
        group.MapPatch("", UpdateAsync)
            .WithName("updateOrganization")
            .WithSummary("Change your organisation's profile")
            .WithDescription("Owners and admins. `name`, `description` and `website`; the slug never changes. `logo` and `settings` are accepted and not stored.")
            .Accepts<UpdateOrganizationRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest);
        group.MapGet("/members", MembersAsync)
            .WithName("getOrganizationMembers")
            .WithSummary("Members of your organisation")
            .WithDescription("Owners, admins and auditors. Users in the official shape: an auditor is `role: viewer` with `customRole: auditor`.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapPost("/invite", InviteAsync)
            .WithName("inviteTeamMember")
            .WithSummary("Invite someone to your organisation")
            .WithDescription("Owners and admins; only owners may invite owners. No e-mail is sent: hand the `token` in the answer to the invitee (shown once, works once, expires after 7 days).")
            .Accepts<CreateInviteRequest>("application/json")
            .WithNoStore()
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        group.MapPatch("/members/{userId}/role", ChangeRoleAsync)
            .WithName("updateMemberRole")
            .WithSummary("Change a member's role")
            .WithDescription("As `PATCH /api/org/members/{userId}`.")
            .Accepts<UpdateMemberRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        group.MapDelete("/members/{userId}", MemberApi.RemoveAsync)
            .WithName("removeTeamMember")
            .WithSummary("Remove a member")
            .WithDescription("As `DELETE /api/org/members/{userId}`.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status409Conflict);
        group.MapGet("/users/{userId}/overview", OverviewAsync)
            .WithName("getUserOverview")
            .WithSummary("What a member has in your organisation")
            .WithDescription("Owners and admins: the member, their sessions that can still be refreshed, and the unrevoked API keys they created.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy);
    }

    private static async ValueTask<object?> OwnOrganisationOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var orgId = http.Request.RouteValues["orgId"] as string;
        return http.User.IsSignedInUser() && orgId == Caller.From(http.User).OrgId
            ? await next(context)
            : ApiProblem.NotFound("Organisation not found");
    }

    private static async Task<Results<Ok<OrganizationResponse>, ApiProblem>> GetAsync(
        string orgId, IOrgStore orgs, CancellationToken cancellationToken)
    {
        if (await orgs.FindOrgAsync(orgId, cancellationToken) is not { } org)
            return OrgNotFound();
        return TypedResults.Ok(new OrganizationResponse(true, org.Id, org.Name, org.Slug, org.Description, org.Website, org.CreatedAt, org.UpdatedAt));
    }

    private static Task<Results<Ok<UpdateOrganizationResponse>, ApiProblem>> UpdateAsync(
        string orgId, HttpContext context, IOrgStore orgs, TimeProvider time, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<UpdateOrganizationResponse>>(context, async root =>
        {
            var (change, errors) = OrgProfileInputs.Parse(root);
            if (change is null)
                return ApiProblem.Validation(errors);
            var org = await orgs.UpdateOrgAsync(orgId, change, time.GetUtcNow(), cancellationToken);
            return org is null ? OrgNotFound() : TypedResults.Ok(new UpdateOrganizationResponse(true, "Organisation updated", OrgViews.ToView(org)));
        });

    private static async Task<Results<Ok<OrgMembersResponse>, ApiProblem>> MembersAsync(
        string orgId, IOrgStore orgs, IAccessStore access, CancellationToken cancellationToken)
    {
        if (await orgs.FindOrgAsync(orgId, cancellationToken) is not { } org)
            return OrgNotFound();
        var members = (await access.ListMembersAsync(orgId, cancellationToken)).Select(m => OrgViews.ToView(m, org)).ToList();
        return TypedResults.Ok(new OrgMembersResponse(true, members, members.Count));
    }

    private static Task<Results<Ok<OrgInviteResponse>, ApiProblem>> InviteAsync(
        HttpContext context, InviteService invites, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<OrgInviteResponse>>(context, async root =>
        {
            var (input, errors) = OrgInputs.ParseInvite(root);
            if (input is null)
                return ApiProblem.Validation(errors);
            var (response, problem) = await invites.CreateAsync(Caller.From(context.User), input, cancellationToken);
            return problem is not null
                ? ApiProblem.From(problem)
                : TypedResults.Ok(new OrgInviteResponse(true, "Invitation created", input.Email, input.Role,
                    response!.InviteId, response.Token, response.ExpiresAt));
        });

    private static Task<Results<Ok<OrgMemberRoleResponse>, ApiProblem>> ChangeRoleAsync(
        string orgId, string userId, HttpContext context, MemberService members, IOrgStore orgs, IAccessStore access,
        CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<OrgMemberRoleResponse>>(context, async root =>
        {
            var (role, errors) = OrgInputs.ParseRoleChange(root);
            if (role is null)
                return ApiProblem.Validation(errors);
            var (_, problem) = await members.ChangeRoleAsync(
                Caller.From(context.User), userId, role, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            if (problem is not null)
                return ApiProblem.From(problem);
            var org = await orgs.FindOrgAsync(orgId, cancellationToken);
            var member = await access.FindMemberAsync(orgId, userId, cancellationToken);
            return org is null || member is null
                ? ApiProblem.NotFound("Member not found")
                : TypedResults.Ok(new OrgMemberRoleResponse(true, "Role updated", OrgViews.ToView(member, org)));
        });

    private static async Task<Results<Ok<UserOverviewResponse>, ApiProblem>> OverviewAsync(
        string orgId, string userId, IOrgStore orgs, IAccessStore access, TimeProvider time, CancellationToken cancellationToken)
    {
        var org = await orgs.FindOrgAsync(orgId, cancellationToken);
        var member = await access.FindMemberAsync(orgId, userId, cancellationToken);
        if (org is null || member is null)
            return ApiProblem.NotFound("Member not found");
        var sessions = await orgs.CountSessionsAsync(orgId, userId, time.GetUtcNow(), cancellationToken);
        var keys = (await access.ListApiKeysAsync(orgId, cancellationToken)).Count(key => key.CreatedBy == userId);
        return TypedResults.Ok(new UserOverviewResponse(true, OrgViews.ToView(member, org), new UserFootprint(sessions, keys)));
    }

    private static ApiProblem OrgNotFound() => ApiProblem.NotFound("Organisation not found");
}
