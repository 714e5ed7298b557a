using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Mudbase.Server.Http;

namespace Mudbase.Server.Auth;

/// <summary>
/// Answers every authorization refusal with the Mudbase 403 body, whichever scheme authenticated the caller.
/// Challenges (401) stay with the schemes, which know why authentication failed.
/// </summary>
internal sealed class AuthorizationProblems : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
            return standard.HandleAsync(next, context, policy, authorizeResult);
        var problem = context.User.IsApiKey()
            ? ApiProblem.Forbidden("This API key's scopes do not allow this request")
            : ApiProblem.Forbidden("Your role in this organisation does not allow this request");
        return problem.ExecuteAsync(context);
    }
}
