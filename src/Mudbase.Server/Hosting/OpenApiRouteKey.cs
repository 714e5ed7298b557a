using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Mudbase.Server.Hosting;

internal static class OpenApiRouteKey
{
    /// <summary>"POST api/auth/login": the key the OpenAPI transformers' tables use, without a trailing slash.</summary>
    public static string RouteKey(this ApiDescription description) => $"{description.HttpMethod} {description.RelativePath?.TrimEnd('/')}";
}
