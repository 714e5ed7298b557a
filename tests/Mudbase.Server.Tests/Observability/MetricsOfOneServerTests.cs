using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Observability;

/// <summary>
/// The unlabelled ledger gauges of a server running alone in its process: every series is this server's, so the
/// values can be compared with its own signed checkpoint (in the in-memory suite several live servers share the names).
/// </summary>
public abstract class MetricsOfOneServerTests(StorageKind storage)
{
    private const string Token = "scrape-token-for-tests";

    [Fact]
    public async Task TheLedgerGaugesReportExactlyTheServersOwnLogsAndLeaves()
    {
        await using var data = ProcessStorage.Create(storage);
        await using var server = await data.StartServerAsync(new Dictionary<string, string> { ["Mudbase__Metrics__Token"] = Token });
        var owner = await TestAccounts.RegisterAsync(server.CreateClient());
        using var client = server.CreateClient(owner.Token);
        await client.LogManyAsync(3);
        using (var batch = await client.PostAsJsonAsync("/api/compliance/security-events/batch",
            new { events = Enumerable.Range(0, 5).Select(i => new { eventType = "bulk_data_export", severity = "low" }) }))
            Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var treeSize = (await Json.ReadAsync(await client.GetAsync("/api/compliance/ledger/checkpoint"))).GetProperty("treeSize").GetInt64();

        using var scraper = server.CreateClient();
        var scrape = await PrometheusScrape.GetAsync(scraper, Token);

        Assert.True(treeSize >= 8, $"tree size {treeSize}");
        Assert.Equal(treeSize, scrape.Sum("mudbase_ledger_tree_size"));
        Assert.Equal(1, scrape.Sum("mudbase_ledger_logs"));
        Assert.Equal(treeSize, scrape.Sum("mudbase_events_appended_total"));
        Assert.Equal(0, scrape.Sum("mudbase_append_queue_depth"));
        Assert.DoesNotContain(owner.OrgId, scrape.Text);
    }
}

public sealed class MetricsOfOneServerOnSqlite() : MetricsOfOneServerTests(StorageKind.Sqlite);

public sealed class MetricsOfOneServerOnPostgres() : MetricsOfOneServerTests(StorageKind.Postgres);
