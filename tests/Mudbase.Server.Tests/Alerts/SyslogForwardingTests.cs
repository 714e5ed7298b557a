using System.Text.Json;
using System.Text.RegularExpressions;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

/// <summary>Forwarding to a real rsyslogd on loopback: RFC 5424 messages, octet-counted, CEF or JSON bodies.</summary>
public abstract partial class SyslogForwardingTests(WebhookServer server)
{
    [Fact]
    public async Task EventsReachRsyslogAsRfc5424CefRecordsInLogOrder()
    {
        var owner = await server.NewOrgAsync();
        await using var rsyslog = new RsyslogReceiver();
        await rsyslog.StartAsync();
        var (_, secret) = await owner.CreateWebhookAsync(new { url = rsyslog.Url, format = "cef", minSeverity = "medium" });
        Assert.Null(secret);

        await owner.LogAsync(new { eventType = "bulk_data_export", severity = "low" });
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add(await owner.LogAsync(new { eventType = "unauthorized_access_attempt", severity = "critical", details = new { userId = $"usr_{i}", reason = "a=b|c" } }));

        var lines = await rsyslog.WaitForLinesAsync(3);
        Assert.Equal(3, lines.Length);
        for (var i = 0; i < 3; i++)
        {
            // Facility 13 (log audit) × 8 + severity 2 (critical) = 106.
            Assert.Matches(Header(), lines[i]);
            Assert.StartsWith("<106>1 ", lines[i]);
            Assert.Contains("CEF:0|Mudbase|Mudbase|1|unauthorized_access_attempt|unauthorized access attempt|10|", lines[i]);
            Assert.Contains($"externalId={ids[i]}", lines[i]);
            Assert.Contains($"mudbaseuserId=usr_{i}", lines[i]);
            Assert.Contains(@"mudbasereason=a\=b|c", lines[i]);
        }
    }

    [Fact]
    public async Task ForwardingWaitsForADownReceiverAndThenDeliversEverythingInOrderAsJson()
    {
        var owner = await server.NewOrgAsync();
        await using var rsyslog = new RsyslogReceiver();
        var (id, _) = await owner.CreateWebhookAsync(new { url = rsyslog.Url });
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
            ids.Add(await owner.LogAsync(new { eventType = "mfa_bypass_attempt", severity = "high", details = new { attempt = i } }));
        await WebhookClient.EventuallyAsync(async () => (await owner.ListAsync(id, "attempts", "attempts")).Length >= 2, "failed attempts");

        await rsyslog.StartAsync();
        var lines = await rsyslog.WaitForLinesAsync(4);

        var bodies = lines.Select(line => JsonDocument.Parse(line[line.IndexOf('{')..]).RootElement).ToList();
        Assert.Equal(ids, bodies.Select(b => b.GetProperty("data").GetProperty("event").GetProperty("eventId").GetString()));
        Assert.All(lines, line => Assert.Contains("[mudbase@32473 eventId=", line));
    }

    [GeneratedRegex(@"^<\d{1,3}>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ mudbase - \S+ \[mudbase@32473 eventId=""evt_\w+"" sequence=""\d+"" leafHash=""[^""]+""\] ")]
    private static partial Regex Header();
}

public sealed class SyslogForwardingOnSqlite(SqliteWebhookServer server) : SyslogForwardingTests(server), IClassFixture<SqliteWebhookServer>;

public sealed class SyslogForwardingOnPostgres(PostgresWebhookServer server) : SyslogForwardingTests(server), IClassFixture<PostgresWebhookServer>;
