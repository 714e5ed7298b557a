using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Mudbase.Server.Hosting;

internal static class OpenApiSetup
{
    public static IServiceCollection AddMudbaseOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Mudbase compliance API",
                    Version = "v1",
                    Description = "Record security events into a tamper-evident ledger, read them back, and verify them. " +
                        "Authenticate with `Authorization: Bearer <JWT>` from `/api/auth/register` or `/api/auth/login`, " +
                        "or from a server with `X-API-Key: mudbase_sk_live_…` (scopes `events:write`, `events:read`; see docs/SECURITY.md). " +
                        "Every error is `application/problem+json` with Mudbase's `error`, `code`, `details`, `requestId`, `timestamp` and `path`.",
                };
                // A catch-all route parameter ({**path}) is documented as a plain {path} parameter that spans segments.
                foreach (var key in document.Paths.Keys.Where(k => k.Contains("{**", StringComparison.Ordinal)).ToList())
                {
                    var item = document.Paths[key];
                    document.Paths.Remove(key);
                    document.Paths[key.Replace("{**", "{", StringComparison.Ordinal)] = item;
                }
                // The contract's servers end without a slash, so that "{server}{path}" is the address.
                foreach (var server in document.Servers ?? [])
                    server.Url = server.Url?.TrimEnd('/');
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Access token from /api/auth/login (HS256, 30 minutes).",
                };
                document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-API-Key",
                    Description = "API key from POST /api/api-keys. Logs events (events:write) or reads them (events:read); ignored when a bearer token is sent.",
                };
                // Two requirement objects mean either credential is enough.
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] },
                ];
                return Task.CompletedTask;
            });
            options.AddMudbaseExamples();
            options.AddMudbaseOperations();
            options.AddMudbaseQueryParameters();
            options.AddMudbaseMediaTypes();
            options.AddMudbaseAlternatives();
            options.AddMudbaseSchemaRules();
            options.AddMudbaseCommonErrors();
            options.KeepMudbaseSchemaNames();
        });

    public static void MapMudbaseOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", options =>
        {
            // A self-hosted compliance product loads nothing from elsewhere: Scalar's script is served from this
            // server, its web fonts, telemetry and hosted agent are off, and the page runs under docs CSP below.
            options.WithTitle("Mudbase API reference")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .AddPreferredSecuritySchemes("Bearer")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp();
        });
    }
}
