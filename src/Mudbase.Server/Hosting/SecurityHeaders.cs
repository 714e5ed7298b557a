using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Headers on every response: no MIME sniffing, no referrer, no framing; <c>Cache-Control: no-store</c> on every
/// API answer (tokens, key and invite secrets, event data); and on the API reference at <c>/docs</c> the same
/// <c>default-src 'self'</c> policy as the dashboard, its one inline start-up script allowed by its hash.
/// </summary>
internal static partial class SecurityHeaders
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string DocsPolicyRest =
        "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseMudbaseSecurityHeaders(this WebApplication app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            if (headers.ContentSecurityPolicy.Count == 0)
                headers.ContentSecurityPolicy = ApiPolicy;
            if (path.StartsWithSegments("/api"))
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        if (path.StartsWithSegments("/docs", out var rest) && rest.Value is null or "" or "/" or "/index.html")
            await WithDocsPolicyAsync(context, next);
        else
        {
            if (path.StartsWithSegments("/docs"))
                context.Response.Headers.ContentSecurityPolicy = DocsPolicyWith("");
            await next(context);
        }
    });

    // The reference page is a few kilobytes of HTML; it is buffered so that its inline script can be hashed.
    private static async Task WithDocsPolicyAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var hashes = InlineScript().Matches(html)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'");
        context.Response.Headers.ContentSecurityPolicy = DocsPolicyWith(string.Join(' ', hashes));
        if (context.Response.ContentLength is not null)
            context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static string DocsPolicyWith(string scriptHashes) =>
        "default-src 'self'; script-src 'self' " + scriptHashes + DocsPolicyRest;

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex InlineScript();
}
