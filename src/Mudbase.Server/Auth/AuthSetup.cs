using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Server.ApiKeys;
using Mudbase.Server.Auth.TwoFactor;
using Mudbase.Server.Http;
using Mudbase.Server.Org;

namespace Mudbase.Server.Auth;

internal static class AuthSetup
{
    /// <summary>Read, export and verify events: owner, admin, auditor, or an API key with <c>events:read</c>.</summary>
    public const string ComplianceReaderPolicy = "compliance-reader";
    /// <summary>Log events: any signed-in member, or an API key with <c>events:write</c>.</summary>
    public const string EventWriterPolicy = "event-writer";
    /// <summary>Manage members, invites and API keys: owner or admin; never an API key.</summary>
    public const string OrgAdminPolicy = "org-admin";
    /// <summary>Review who has access (members, API keys): owner, admin or auditor; never an API key.</summary>
    public const string OrgReaderPolicy = "org-reader";
    /// <summary>The caller's own session: any signed-in user; never an API key.</summary>
    public const string SignedInUserPolicy = "signed-in-user";

    /// <summary>Bearer token when an Authorization header is present (even beside a key), otherwise X-API-Key.</summary>
    private const string SelectorScheme = "Mudbase";

    public static IServiceCollection AddMudbaseAuth(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JwtKeys>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<UserViews>();
        services.AddStrongAuth();

        services.AddAuthentication(SelectorScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(SelectorScheme, "Bearer token or API key", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count == 0 && context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((options, tokens) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = tokens.ValidationParameters();
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = CurrentMembership.ApplyAsync,
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var problem = context.AuthenticateFailure is null ? ApiProblem.Unauthorized() : ApiProblem.InvalidToken();
                        await problem.ExecuteAsync(context.HttpContext);
                    },
                    OnForbidden = context => ApiProblem.Forbidden().ExecuteAsync(context.HttpContext),
                };
            });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ComplianceReaderPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                context.User.HasRole(Roles.ComplianceReaders) || context.User.HasScope(ApiKeyScopes.EventsRead)))
            .AddPolicy(EventWriterPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                context.User.IsSignedInUser() || context.User.HasScope(ApiKeyScopes.EventsWrite)))
            .AddPolicy(OrgAdminPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                context.User.HasRole(Roles.Administrators)))
            .AddPolicy(OrgReaderPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                context.User.HasRole(Roles.ComplianceReaders)))
            .AddPolicy(SignedInUserPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                context.User.IsSignedInUser()));
        return services;
    }

    /// <summary>Touches the signing key at start, so a bad configuration or an unwritable data directory fails fast.</summary>
    public static void EnsureSigningKey(IServiceProvider services) =>
        _ = services.GetRequiredService<JwtKeys>().SigningKey;

    internal static IOptions<JwtOptions> Options(IServiceProvider services) => services.GetRequiredService<IOptions<JwtOptions>>();
}
