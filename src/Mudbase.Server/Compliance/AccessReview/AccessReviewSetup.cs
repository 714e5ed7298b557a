namespace Mudbase.Server.Compliance.AccessReview;

internal static class AccessReviewSetup
{
    public static IServiceCollection AddAccessReviews(this IServiceCollection services)
    {
        services.AddSingleton<AccessReviewBuilder>();
        services.AddSingleton<AccessReviewSignOff>();
        return services;
    }
}
