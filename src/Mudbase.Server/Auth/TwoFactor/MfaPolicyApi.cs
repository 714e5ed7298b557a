using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth.TwoFactor;

internal static class MfaPolicyApi
{
    public static void MapMfaPolicyApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/org/mfa-policy")
            .WithTags("Organisation")
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        group.MapGet("", GetAsync)
            .WithSummary("Which roles must use two-factor sign-in")
            .WithDescription("Owners, admins and auditors: requireMfaForRoles and the members in those roles without two-factor sign-in.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapPut("", PutAsync)
            .WithSummary("Require two-factor sign-in of roles")
            .WithDescription("Owners only. Members in these roles without two-factor sign-in get tokens that only allow setting it up (403 MFA_SETUP_REQUIRED elsewhere) from their next sign-in or refresh. Recorded in the ledger as mfa_policy_changed.")
            .Accepts<MfaPolicyRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest);
    }

    private static async Task<Ok<MfaPolicyResponse>> GetAsync(
        HttpContext context, IOrgPolicyStore policies, IAccessStore access, IStrongAuthStore strongAuth, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ViewAsync(Caller.From(context.User).OrgId, policies, access, strongAuth, cancellationToken));

    private static Task<Results<Ok<MfaPolicyResponse>, ApiProblem>> PutAsync(
        HttpContext context, IOrgPolicyStore policies, IAccessStore access, IStrongAuthStore strongAuth, StrongAuthEvents events,
        CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<MfaPolicyResponse>>(context, async root =>
        {
            var caller = Caller.From(context.User);
            if (caller.Role != Roles.Owner)
                return ApiProblem.Forbidden("Only an owner can change the two-factor policy");
            var fields = new JsonFields(root);
            var roles = fields.Optional("requireMfaForRoles") is { ValueKind: JsonValueKind.Array } array
                && array.EnumerateArray().All(r => r.ValueKind == JsonValueKind.String && Roles.All.Contains(r.GetString()))
                ? array.EnumerateArray().Select(r => r.GetString()!).Distinct().ToList()
                : null;
            if (roles is null)
                return ApiProblem.Validation("requireMfaForRoles", $"must be an array of roles ({string.Join(", ", Roles.All)})");
            await policies.SetRequiredMfaRolesAsync(caller.OrgId, roles, cancellationToken);
            await events.MfaPolicyChangedAsync(caller, roles, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return TypedResults.Ok(await ViewAsync(caller.OrgId, policies, access, strongAuth, cancellationToken));
        });

    private static async Task<MfaPolicyResponse> ViewAsync(
        string orgId, IOrgPolicyStore policies, IAccessStore access, IStrongAuthStore strongAuth, CancellationToken cancellationToken)
    {
        var policy = await policies.GetPolicyAsync(orgId, cancellationToken);
        var withMfa = await strongAuth.MfaEnabledMembersAsync(orgId, cancellationToken);
        var without = (await access.ListMembersAsync(orgId, cancellationToken))
            .Where(m => policy.RequireMfaForRoles.Contains(m.Role) && !withMfa.Contains(m.UserId)).Select(m => m.UserId).ToList();
        return new MfaPolicyResponse(true, policy.RequireMfaForRoles, without);
    }
}
