using System.Security.Claims;
using Mudbase.Server.ApiKeys;

namespace Mudbase.Server.Auth;

/// <summary>What an authenticated principal is: a signed-in user with a role, or an API key with scopes.</summary>
internal static class Principals
{
    public static bool IsApiKey(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName };

    public static bool IsSignedInUser(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true } && !user.IsApiKey();

    // Roles only count on user tokens and scopes only on API keys, so a token from an external identity
    // provider that happens to carry a "scope" claim gains nothing from it.
    public static bool HasRole(this ClaimsPrincipal user, IReadOnlyCollection<string> roles) =>
        user.IsSignedInUser() && roles.Any(user.IsInRole);

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.IsApiKey() && user.HasClaim(MudbaseClaims.Scope, scope);
}
