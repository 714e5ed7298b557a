using Mudbase.Server.Http;

namespace Mudbase.Server.RateLimits;

internal static class RateLimitedEndpoints
{
    /// <summary>Puts the endpoint under a rate-limit policy and documents its 429.</summary>
    public static TBuilder LimitedBy<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(policy).ProducesMudbaseErrors(StatusCodes.Status429TooManyRequests);
}
