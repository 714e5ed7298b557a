using Microsoft.Net.Http.Headers;

namespace Mudbase.Server.Hosting;

/// <summary>The browser dashboard: static files under wwwroot, served at <c>/</c>.</summary>
internal static class DashboardSetup
{
    // The dashboard handles signed-in compliance data, so it may load and talk to nothing but this server.
    // Chart.js sets canvas sizes through the CSSOM, which style-src does not govern.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddMudbaseDashboard(this WebApplicationBuilder builder)
    {
        // Development does this itself. Elsewhere a server started from its build output (tests, `dotnet Mudbase.Server.dll`)
        // finds wwwroot through the build's manifest; a published server has no manifest and its own wwwroot.
        if (!builder.Environment.IsDevelopment())
            builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public static void UseMudbaseDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Revalidate on every load so a server upgrade never runs against a stale script.
                headers.CacheControl = "no-cache";
            },
        });
    }
}
