using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mudbase.Server.Http;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Oversized headers and request targets get the Mudbase problem body. Kestrel refuses a request before the
/// application sees it, with an empty body, so its hard limits sit at twice the contract's: between the two the
/// application answers 431/414 itself; past the hard limit (and for requests Kestrel cannot parse, such as a
/// <c>%00</c> in the path) the answer stays Kestrel's bare 4xx.
/// </summary>
internal static class RequestSizeLimits
{
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxTargetBytes = 8 * 1024;

    public static IServiceCollection AddMudbaseRequestSizeLimits(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeaderBytes;
            o.Limits.MaxRequestLineSize = 2 * MaxTargetBytes;
        });

    public static void UseMudbaseRequestSizeLimits(this WebApplication app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var target = request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetBytes)
        {
            await ApiProblem.ForStatus(StatusCodes.Status414UriTooLong).ExecuteAsync(context);
            return;
        }
        var headerBytes = 0L;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
                headerBytes += name.Length + (value?.Length ?? 0) + 4;
        }
        if (headerBytes > MaxHeaderBytes)
        {
            await ApiProblem.ForStatus(StatusCodes.Status431RequestHeaderFieldsTooLarge).ExecuteAsync(context);
            return;
        }
        await next(context);
    });
}
