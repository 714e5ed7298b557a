using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth;

/// <summary>
/// Runs on every request that carries a validly signed access token: the token must name exactly one user and one
/// organisation (and at most one role); on every endpoint that authorizes, the user must still be a member of that
/// organisation (one indexed read, no cache, so nothing to invalidate across nodes), and the role the
/// request acts with is the one stored now, not the one the token was issued with. A removed member is refused
/// (401) and a demoted one acts with the lower role from their next request on: there is no window. The same read
/// refuses a token whose session (<c>sid</c>, its refresh-token family) was revoked by logout or refresh-token reuse.
/// </summary>
internal static class CurrentMembership
{
    public static async Task ApplyAsync(TokenValidatedContext context)
    {
        try
        {
            await ApplyToIdentityAsync(context);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client hung up during one of the reads: nobody is left to answer, and the JWT handler would log
            // what escapes from here as an error.
            context.Fail("The client closed the request");
        }
    }

    private static async Task ApplyToIdentityAsync(TokenValidatedContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            context.Fail("The token carries no identity");
            return;
        }
        var subjects = identity.FindAll(JwtRegisteredClaimNames.Sub).ToList();
        var orgs = identity.FindAll(MudbaseClaims.Org).ToList();
        var roles = identity.FindAll(MudbaseClaims.Role).ToList();
        if (subjects.Count != 1 || orgs.Count != 1 || roles.Count > 1
            || string.IsNullOrEmpty(subjects[0].Value) || string.IsNullOrEmpty(orgs[0].Value))
        {
            context.Fail("The token must carry exactly one sub, one org and at most one role");
            return;
        }

        // Endpoints open to anyone (health, the public key, the API reference, sign-in) grant nothing by role, and
        // must keep answering while the database is down: the lookup is for endpoints that authorize.
        if (!Authorizes(context.HttpContext.GetEndpoint()))
            return;

        var store = context.HttpContext.RequestServices.GetRequiredService<IRequestAccessStore>();
        var sessionId = identity.FindFirst(JwtRegisteredClaimNames.Sid)?.Value;
        var access = await store.FindAsync(subjects[0].Value, orgs[0].Value, sessionId, context.HttpContext.RequestAborted);
        if (access is null)
        {
            if (!await RepeatsAnErasureAsync(context, subjects[0].Value))
                context.Fail("The account is no longer a member of this organisation");
            return;
        }
        if (access.SessionRevoked)
        {
            context.Fail("The session of this token was signed out");
            return;
        }
        foreach (var role in roles)
            identity.RemoveClaim(role);
        identity.AddClaim(new Claim(MudbaseClaims.Role, access.Role));
    }

    private static async Task<bool> RepeatsAnErasureAsync(TokenValidatedContext context, string userId) =>
        context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<RepeatableAfterErasure>() is not null
        && (await context.HttpContext.RequestServices.GetRequiredService<IPrivacyStore>()
            .AccountFootprintAsync(userId, context.HttpContext.RequestAborted)).ErasedAt is not null;

    private static bool Authorizes(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
}
