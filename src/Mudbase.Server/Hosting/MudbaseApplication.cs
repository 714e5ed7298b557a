using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mudbase.Contracts;
using Mudbase.Server.Alerts;
using Mudbase.Server.Alerts.LiveStream;
using Mudbase.Server.Alerts.Rules;
using Mudbase.Server.ApiKeys;
using Mudbase.Server.Auth;
using Mudbase.Server.Auth.TwoFactor;
using Mudbase.Server.Common;
using Mudbase.Server.Compliance;
using Mudbase.Server.Compliance.AccessReview;
using Mudbase.Server.Compliance.Idempotency;
using Mudbase.Server.Compliance.ProcessingRecord;
using Mudbase.Server.EventIndex;
using Mudbase.Server.Gdpr;
using Mudbase.Server.Health;
using Mudbase.Server.Http;
using Mudbase.Server.Observability;
using Mudbase.Server.Operations;
using Mudbase.Server.Org;
using Mudbase.Server.RateLimits;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Hosting;

internal static class MudbaseApplication
{
    public static WebApplicationBuilder AddMudbase(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MudbaseOptions>().BindConfiguration(MudbaseOptions.Section);
        services.AddSingleton(TimeProvider.System);
        // The contract's limit for a request body; the batch endpoint raises it for its own requests only.
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = JsonBody.DefaultLimit);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, MudbaseJsonContext.Default);
            o.SerializerOptions.Converters.Add(new UtcTimestampConverter());
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddMudbaseStorage(builder.Configuration);
        // Migrations run before any feature's hosted service starts.
        services.AddHostedService<StartupTasks>();
        services.AddMudbaseLedger();
        services.AddMudbaseAuth();
        services.AddMudbaseOrg();
        services.AddMudbaseApiKeys();
        services.AddMudbaseCompliance();
        services.AddMudbaseGdpr();
        services.AddMudbaseHealth();
        services.AddMudbaseRateLimits();
        services.AddMudbaseRequestSizeLimits();
        services.AddMudbaseOpenApi();
        builder.AddMudbaseDashboard();
        builder.AddMudbaseStartupReport();
        builder.AddMudbaseObservability();
        services.AddMudbaseOperations();
        services.AddMudbaseAlerts();
        services.AddSecurityEventStream();
        services.AddDetectionRules();
        services.AddEventIndex();
        return builder;
    }

    public static WebApplication UseMudbase(this WebApplication app)
    {
        app.UseMudbaseRequestCounters();
        app.UseMudbaseErrors();
        app.UseMudbaseSecurityHeaders();
        app.UseMudbaseRequestSizeLimits();
        app.UseMudbaseMetrics();
        app.UseMudbaseDashboard();
        app.UseAuthentication();
        app.UseMfaSetupGate();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapMudbaseHealth();
        app.MapMudbaseOpenApi();
        app.MapDashboardCatalogue();
        app.MapAuthApi();
        app.MapInviteApi();
        app.MapMemberApi();
        app.MapOrgApi();
        app.MapApiKeyApi();
        app.MapSecurityEventApi();
        app.MapLedgerApi();
        app.MapExportApi();
        app.MapSecurityEventStream();
        app.MapRulesApi();
        app.MapSecurityEventQueryApi();
        app.MapBatchApi();
        app.MapSummaryApi();
        app.MapStrongAuthApis();
        app.MapAccessReviewApi();
        app.MapProcessingRecordApi();
        app.MapGdprApi();
        app.MapWebhookApi();
        return app;
    }
}
