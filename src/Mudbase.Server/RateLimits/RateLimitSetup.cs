using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;

namespace Mudbase.Server.RateLimits;

/// <summary>
/// ASP.NET Core's rate limiter with three policies: per client address on the anonymous endpoints, and per
/// organisation (bearer tokens) or per API key on ingestion and exports. Refusals are the Mudbase 429 body.
/// </summary>
internal static class RateLimitSetup
{
    public const string AnonymousPolicy = "anonymous";
    public const string IngestPolicy = "ingest";
    public const string ExportPolicy = "export";

    public static IServiceCollection AddMudbaseRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.AnonymousPerAddress > 0 && o.AnonymousWindowSeconds > 0 && o.IngestPerSecond > 0 && o.IngestBurst > 0
                && o.ExportsPerWindow > 0 && o.ExportWindowSeconds > 0 && o.LoginFailuresPerAccount > 0,
                "every Mudbase:RateLimits value must be positive")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            limiter.OnRejected = (context, _) => new ValueTask(ApiProblem.RateLimited(RetryAfter(context.Lease, limits)).ExecuteAsync(context.HttpContext));
            limiter.AddPolicy(AnonymousPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.AnonymousPerAddress,
                    Window = TimeSpan.FromSeconds(limits.AnonymousWindowSeconds),
                    QueueLimit = 0,
                }));
            limiter.AddPolicy(IngestPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                Principal(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.IngestBurst,
                    TokensPerPeriod = limits.IngestPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.AddPolicy(ExportPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                Principal(context),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.ExportsPerWindow,
                    Window = TimeSpan.FromSeconds(limits.ExportWindowSeconds),
                    QueueLimit = 0,
                }));
        });
        return services;
    }

    // Runs after authentication: an API key is limited on its own, every signed-in member of an organisation together.
    // Unauthenticated requests never reach the limiter's count for these endpoints: authorization refuses them first.
    private static string Principal(HttpContext context) =>
        context.User.IsApiKey()
            ? "key:" + context.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value
            : "org:" + context.User.FindFirst(MudbaseClaims.Org)?.Value;

    private static TimeSpan RetryAfter(RateLimitLease lease, RateLimitOptions limits) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero
            ? wait
            : TimeSpan.FromSeconds(Math.Max(1, Math.Min(limits.AnonymousWindowSeconds, limits.ExportWindowSeconds)));
}
