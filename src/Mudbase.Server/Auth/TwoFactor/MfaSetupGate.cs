using Mudbase.Server.Http;

namespace Mudbase.Server.Auth.TwoFactor;

/// <summary>
/// Tokens marked <see cref="MudbaseClaims.MfaSetupOnly"/> reach only what setting up two-factor sign-in needs; every
/// other request is answered 403 <c>MFA_SETUP_REQUIRED</c>. After verifying, a refresh issues an unrestricted token.
/// </summary>
internal static class MfaSetupGate
{
    private static readonly string[] Allowed =
    [
        "/api/users/2fa", "/api/auth/session", "/api/auth/logout", "/api/auth/refresh", "/api/users/me",
    ];

    public static IApplicationBuilder UseMfaSetupGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.HasClaim(c => c.Type == MudbaseClaims.MfaSetupOnly) && !IsAllowed(context.Request.Path))
            {
                await new ApiProblem(StatusCodes.Status403Forbidden, StrongAuthErrors.MfaSetupRequired,
                    "Your organisation requires two-factor sign-in for your role: set it up with POST /api/users/2fa/setup, then refresh your token")
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    private static bool IsAllowed(PathString path) =>
        !path.StartsWithSegments("/api") || Allowed.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
