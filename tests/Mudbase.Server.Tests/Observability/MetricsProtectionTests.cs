using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mudbase.Server.Observability;
using Mudbase.Server.Tests.Infrastructure;
using OpenTelemetry.Metrics;

namespace Mudbase.Server.Tests.Observability;

public sealed class MetricsProtectionTests
{
    [Fact]
    public async Task WithoutATokenOrAPortTheMetricsEndpointDoesNotExist()
    {
        await using var factory = new MudbaseFactory();

        using var response = await factory.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MetricsAreCollectedOnlyOnceTheEndpointIsServed()
    {
        await using var unserved = new MudbaseFactory();
        await using var served = new MudbaseFactory(extraSettings: new() { ["Mudbase:Metrics:Token"] = "scrape-token" });

        Assert.Null(unserved.Services.GetService<MeterProvider>());
        Assert.NotNull(served.Services.GetService<MeterProvider>());
        // The gauges' ledger heads are read from storage only for a scrape that can come.
        Assert.DoesNotContain(unserved.Services.GetServices<IHostedService>(), s => s is LedgerHeadsRefresher);
        Assert.Contains(served.Services.GetServices<IHostedService>(), s => s is LedgerHeadsRefresher);

        // Nor do commits keep the heads for gauges that nobody can read.
        foreach (var factory in new[] { unserved, served })
        {
            var owner = await TestAccounts.RegisterAsync(factory.CreateClient());
            await factory.Authorized(owner.Token).LogAsync(new { eventType = "bulk_data_export", severity = "high" });
        }
        Assert.Empty(unserved.Services.GetRequiredService<LedgerHeads>().All);
        Assert.NotEmpty(served.Services.GetRequiredService<LedgerHeads>().All);
    }

    [Fact]
    public async Task WithAMetricsPortTheEndpointAnswersOnThatPortOnly()
    {
        await using var factory = new MudbaseFactory(extraSettings: new() { ["Mudbase:Metrics:Port"] = "9464" });
        var management = factory.CreateClient();
        management.BaseAddress = new Uri("http://localhost:9464/");

        using var onPort = await management.GetAsync("/metrics");
        using var elsewhere = await factory.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, onPort.StatusCode);
        Assert.Contains("# TYPE ", await onPort.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }
}
