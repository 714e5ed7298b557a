using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Mudbase.Server.Http;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mudbase.Server.Observability;

/// <summary>
/// OpenTelemetry for the server: metrics collected and scraped at <c>/metrics</c> once it is protected by a token or a
/// port, and not collected at all before; traces exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static partial class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";
    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    private const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";

    public static WebApplicationBuilder AddMudbaseObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section)
            .Validate(o => o.Port is null or > 0 and < 65536, "Mudbase:Metrics:Port must be a TCP port")
            .ValidateOnStart();
        services.AddSingleton<LedgerHeads>();
        services.AddSingleton<ServerGauges>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("mudbase", serviceVersion: MudbaseInstruments.Version));
        // Nothing can read metrics until /metrics is served, so until then nothing listens to the instruments and they
        // record nothing, and the gauges' ledger heads are neither read nor kept. Once served: Mudbase's own, requests by route and
        // status, and Kestrel's connections. The framework's other meters (authentication, authorization, routing, rate
        // limiting, memory pool…) record several measurements on every request, together about 13 % of single-event
        // throughput (docs/BENCHMARKS.md): opt-in.
        if (builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() is { Enabled: true } served)
        {
            services.AddHostedService<LedgerHeadsRefresher>();
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(MudbaseInstruments.Name).AddPrometheusExporter();
                if (served.AspNetCoreDetail)
                    metrics.AddAspNetCoreInstrumentation();
                else
                    metrics.AddMeter(HostingMeter, KestrelMeter);
            });
        }
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(MudbaseInstruments.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddNpgsql()
                .AddOtlpExporter());
        }
        return builder;
    }

    public static WebApplication UseMudbaseMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            LogMetricsOff(app.Logger);
            return app;
        }
        _ = app.Services.GetRequiredService<ServerGauges>();
        app.Use(CountRejections);
        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null,
            configureBranchedPipeline: branch => branch.Use((context, next) => RequireToken(context, next, options.Token)),
            optionsName: null);
        if (options.Port is { } port)
            endpoint.RequireHost($"*:{port}");
        return app;
    }

    private static async Task CountRejections(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status429TooManyRequests)
            MudbaseInstruments.Rejected((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText);
    }

    private static Task RequireToken(HttpContext context, RequestDelegate next, string? token)
    {
        if (string.IsNullOrEmpty(token))
            return next(context);
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (CryptographicOperations.FixedTimeEquals(Digest(presented), Digest(token)))
            return next(context);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblem.Unauthorized("A valid metrics token is required").ExecuteAsync(context);
    }

    // Comparing digests keeps the comparison constant-time even when the lengths differ.
    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "/metrics is off: set Mudbase:Metrics:Token or Mudbase:Metrics:Port to serve it")]
    private static partial void LogMetricsOff(ILogger logger);
}
