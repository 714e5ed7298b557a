using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Observability;

public abstract class MetricsEndpointTests(StorageKind storage) : IAsyncLifetime
{
    private const string Token = "scrape-token-for-tests";
    private MudbaseFactory factory = null!;

    public Task InitializeAsync()
    {
        factory = new MudbaseFactory(storage, new() { ["Mudbase:Metrics:Token"] = Token });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task AScrapeWithoutTheTokenIsUnauthorizedWithTheMudbaseErrorBody()
    {
        var client = factory.CreateClient();

        using var anonymous = await client.GetAsync("/metrics");
        using var wrong = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer nope" } } });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var body = await Json.ReadAsync(wrong);
        Assert.Equal("UNAUTHORIZED", body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task AppendingEventsShowsInCountersBatchSizesCommitLatencyRoutesAndTreeSizeWithoutAnOrgLabel()
    {
        var owner = await TestAccounts.RegisterAsync(factory.CreateClient());
        var client = factory.Authorized(owner.Token);
        await client.LogManyAsync(3);
        using (var batch = await client.PostAsJsonAsync("/api/compliance/security-events/batch",
            new { events = Enumerable.Range(0, 5).Select(i => new { eventType = "bulk_data_export", severity = "low" }) }))
            Assert.Equal(HttpStatusCode.OK, batch.StatusCode);

        var scrape = await PrometheusScrape.GetAsync(factory.CreateClient(), Token);

        Assert.True(scrape.Sum("mudbase_events_appended_total") >= 8, scrape.Text);
        Assert.True(scrape.Sum("mudbase_append_batch_size_count") >= 4);
        Assert.True(scrape.Sum("mudbase_append_duration_seconds_count") >= 4);
        Assert.True(scrape.Sum("mudbase_storage_commit_duration_seconds_count") >= 4);
        // Unlabelled gauges of several live test servers share one name in this process, so a scrape may carry another
        // server's value: here only their presence is checked; MetricsOfOneServerTests checks their values in a process of its own.
        Assert.NotEmpty(scrape.Samples("mudbase_ledger_tree_size"));
        Assert.NotEmpty(scrape.Samples("mudbase_ledger_logs"));
        Assert.Contains(scrape.Samples("http_server_request_duration_seconds_count"),
            s => s.Contains("http_route=\"/api/compliance/security-event\"") && s.Contains("http_response_status_code=\"200\""));
        // Other servers of this test process share the meter names: what must be absent is this organisation.
        Assert.DoesNotContain(owner.OrgId, scrape.Text);
        Assert.Contains(scrape.Samples("mudbase_ledger_selfcheck_logs"), s => s.Contains("result=\"failed\""));
        Assert.True(scrape.Sum("mudbase_storage_disk_size_bytes") > 0);
        Assert.NotEmpty(scrape.Samples("mudbase_append_queue_depth"));
    }

    [Fact]
    public async Task TooManyFailedLoginsAreCountedAsRateLimitRejections()
    {
        var owner = await TestAccounts.RegisterAsync(factory.CreateClient());
        var client = factory.CreateClient();
        var limited = false;
        for (var i = 0; i < 30 && !limited; i++)
        {
            using var login = await client.PostAsJsonAsync("/api/auth/login", new { email = owner.Email, password = "wrong password " + i });
            limited = login.StatusCode == HttpStatusCode.TooManyRequests;
        }

        var scrape = await PrometheusScrape.GetAsync(factory.CreateClient(), Token);

        Assert.True(limited);
        Assert.Contains(scrape.Samples("mudbase_ratelimit_rejections_total"), s => s.Contains("http_route=\"/api/auth/login\""));
    }

    [Fact]
    public async Task PerOrganisationMetricsLabelEachLogWithItsOrganisationWhenOptedIn()
    {
        await using var factory = new MudbaseFactory(storage, new()
        {
            ["Mudbase:Metrics:Token"] = "t",
            ["Mudbase:Metrics:PerOrganisation"] = "true",
        });
        var owner = await TestAccounts.RegisterAsync(factory.CreateClient());
        await factory.Authorized(owner.Token).LogManyAsync(2);

        var scrape = await PrometheusScrape.GetAsync(factory.CreateClient(), "t");

        Assert.Contains(scrape.Samples("mudbase_ledger_tree_size"), s => s.Contains($"org=\"{owner.OrgId}\""));
        Assert.Contains(scrape.Samples("mudbase_ledger_checkpoint_age_seconds"), s => s.Contains($"org=\"{owner.OrgId}\""));
    }
}

public sealed class MetricsEndpointOnSqlite() : MetricsEndpointTests(StorageKind.Sqlite);

public sealed class MetricsEndpointOnPostgres() : MetricsEndpointTests(StorageKind.Postgres);
