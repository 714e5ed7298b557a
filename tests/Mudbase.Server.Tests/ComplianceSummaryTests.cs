using System.Net;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class ComplianceSummaryTests(ServerFixture server)
{
    [Fact]
    public async Task TheSummaryCountsEventsAndDescribesTheLedgerAndTheDeployment()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var client = server.Factory.Authorized(account.Token);
        await client.LogAsync(new { eventType = "brute_force_attempt", severity = "high" });
        await client.LogAsync(new { eventType = "brute_force_attempt", severity = "critical" });
        await client.LogAsync(new { eventType = "bulk_data_export", severity = "high" });

        using var response = await client.GetAsync("/api/compliance/summary");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("success").GetBoolean());
        var data = body.GetProperty("data");

        var day = data.GetProperty("events").GetProperty("last24Hours");
        Assert.Equal(3, day.GetProperty("total").GetInt64());
        Assert.Equal(2, day.GetProperty("bySeverity").GetProperty("high").GetInt64());
        Assert.Equal(0, day.GetProperty("bySeverity").GetProperty("low").GetInt64());
        Assert.Equal(2, day.GetProperty("byType").GetProperty("brute_force_attempt").GetInt64());
        Assert.Equal(3, data.GetProperty("events").GetProperty("last30Days").GetProperty("total").GetInt64());
        Assert.Equal(3, data.GetProperty("events").GetProperty("total").GetInt64());
        Assert.True(data.GetProperty("events").GetProperty("lastEventAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        Assert.Equal(3, data.GetProperty("ledger").GetProperty("treeSize").GetInt64());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, data.GetProperty("ledger").GetProperty("lastCheckpointAt").ValueKind);

        // Flags state what this deployment really does: audit logging on, no TLS in the test host, GDPR export and erasure
        // provided, no retention period, no erasures or holds yet.
        Assert.True(data.GetProperty("soc2").GetProperty("auditLoggingEnabled").GetBoolean());
        Assert.False(data.GetProperty("soc2").GetProperty("encryptionEnabled").GetBoolean());
        Assert.Equal("enabled", data.GetProperty("security").GetProperty("passwordPolicy").GetString());
        Assert.False(data.GetProperty("security").GetProperty("encryptionAtRest").GetBoolean());
        var gdpr = data.GetProperty("gdpr");
        Assert.True(gdpr.GetProperty("dataErasureEnabled").GetBoolean());
        Assert.True(gdpr.GetProperty("dataExportEnabled").GetBoolean());
        Assert.False(gdpr.GetProperty("consentManagement").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, gdpr.GetProperty("retentionDays").ValueKind);
        Assert.Equal(0, gdpr.GetProperty("erasures").GetInt64());
        Assert.Equal(0, gdpr.GetProperty("activeLegalHolds").GetInt64());
    }

    [Fact]
    public async Task EncryptionAtRestReflectsTheOperatorsDeclaration()
    {
        await using var declared = new MudbaseFactory(server.Storage, new() { ["Mudbase:Compliance:EncryptionAtRest"] = "true" });
        var account = await TestAccounts.RegisterAsync(declared.CreateClient());
        var body = await Json.ReadAsync(await declared.Authorized(account.Token).GetAsync("/api/compliance/summary"));
        Assert.True(body.GetProperty("data").GetProperty("security").GetProperty("encryptionAtRest").GetBoolean());
    }

    [Fact]
    public async Task AnotherOrganisationsSummaryCountsNothingOfOurs()
    {
        await server.OwnerClient.LogAsync(new { eventType = "brute_force_attempt", severity = "high" });
        var stranger = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var body = await Json.ReadAsync(await server.Factory.Authorized(stranger.Token).GetAsync("/api/compliance/summary"));
        Assert.Equal(0, body.GetProperty("data").GetProperty("events").GetProperty("total").GetInt64());
        Assert.Equal(0, body.GetProperty("data").GetProperty("ledger").GetProperty("treeSize").GetInt64());
    }
}

public sealed class ComplianceSummaryOnSqlite(SqliteServer server) : ComplianceSummaryTests(server), IClassFixture<SqliteServer>;

public sealed class ComplianceSummaryOnPostgres(PostgresServer server) : ComplianceSummaryTests(server), IClassFixture<PostgresServer>;
