using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Mudbase.Server.Http;

namespace Mudbase.Server.Auth;

internal static class AuthSetup
{
    public const string ComplianceReaderPolicy = "compliance-reader";
    public const string EventWriterPolicy = "event-writer";
    public const string OrgAdminPolicy = "org-admin";

    public static IServiceCollection AddMudbaseAuth(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JwtKeys>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccountService>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((options, tokens) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = tokens.ValidationParameters();
                options.Events = new JwtBearerEvents
                {
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var message = context.AuthenticateFailure is null ? "Authentication required" : "Invalid or expired token";
                        await ApiProblem.Unauthorized(message).ExecuteAsync(context.HttpContext);
                    },
                    OnForbidden = context => ApiProblem.Forbidden().ExecuteAsync(context.HttpContext),
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(ComplianceReaderPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.ComplianceReaders))
            .AddPolicy(EventWriterPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(OrgAdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Owner, Roles.Admin));
        return services;
    }

    /// <summary>Touches the signing key at start, so a bad configuration or an unwritable data directory fails fast.</summary>
    public static void EnsureSigningKey(IServiceProvider services) =>
        _ = services.GetRequiredService<JwtKeys>().SigningKey;

    internal static IOptions<JwtOptions> Options(IServiceProvider services) => services.GetRequiredService<IOptions<JwtOptions>>();
}
