using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class BatchIngestTests(ServerFixture server)
{
    private const string BatchPath = "/api/compliance/security-events/batch";

    [Fact]
    public async Task ABatchIsRecordedInOrderWithConsecutiveSequences()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var client = server.Factory.Authorized(account.Token);
        var events = Enumerable.Range(0, 25).Select(i => new { eventType = "bulk_data_export", severity = "low", details = new { row = i } }).ToList();

        using var response = await client.PostAsJsonAsync(BatchPath, new { events });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("success").GetBoolean());
        var ids = body.GetProperty("eventIds").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(25, ids.Distinct().Count());
        var stored = await server.Factory.Services.GetStoredEventsAsync(account.OrgId);
        Assert.Equal(ids, stored.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), stored.Select(e => e.Sequence));
    }

    [Fact]
    public async Task OneInvalidEventRejectsTheWholeBatchNamingEachBadField()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var client = server.Factory.Authorized(account.Token);
        var events = new object[]
        {
            new { eventType = "bulk_data_export", severity = "low" },
            new { eventType = "bulk_data_export", severity = "extreme" },
            new { eventType = "Bad Type", severity = "low", details = "text" },
        };

        using var response = await client.PostAsJsonAsync(BatchPath, new { events });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var details = (await Json.ReadAsync(response)).GetProperty("details");
        Assert.True(details.TryGetProperty("events[1].severity", out _));
        Assert.True(details.TryGetProperty("events[2].eventType", out _));
        Assert.True(details.TryGetProperty("events[2].details", out _));
        Assert.False(details.TryGetProperty("events[0].severity", out _));
        Assert.Empty(await server.Factory.Services.GetStoredEventsAsync(account.OrgId));
    }

    [Theory]
    [InlineData("""{"events":[]}""", "events")]
    [InlineData("""{"events":{}}""", "events")]
    [InlineData("""{}""", "events")]
    [InlineData("""{"events":[1]}""", "events[0]")]
    [InlineData("""{"events":[],"extra":true}""", "extra")]
    [InlineData("""[]""", "body")]
    public async Task MalformedBatchesAreValidationErrors(string json, string field)
    {
        using var response = await server.OwnerClient.PostAsync(BatchPath, Json.Body(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task MoreThanAThousandEventsAreRejected()
    {
        var events = Enumerable.Range(0, 1001).Select(_ => new { eventType = "bulk_data_export", severity = "low" });
        using var response = await server.OwnerClient.PostAsJsonAsync(BatchPath, new { events });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1000", (await Json.ReadAsync(response)).GetProperty("details").GetProperty("events").GetString());
    }

    [Fact]
    public async Task AThousandEventsAreAccepted()
    {
        var events = Enumerable.Range(0, 1000).Select(i => new { eventType = "bulk_data_export", severity = "low", details = new { row = i } });
        using var response = await server.OwnerClient.PostAsJsonAsync(BatchPath, new { events });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, (await Json.ReadAsync(response)).GetProperty("eventIds").GetArrayLength());
    }

    [Fact]
    public async Task ABatchBodyOver4MiBIsPayloadTooLarge()
    {
        var big = new string('x', 2000);
        var events = Enumerable.Range(0, 999).Select(_ => new { eventType = "bulk_data_export", severity = "low", details = new { a = big, b = big, c = big } });
        using var response = await server.OwnerClient.PostAsJsonAsync(BatchPath, new { events });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

public sealed class BatchIngestOnSqlite(SqliteServer server) : BatchIngestTests(server), IClassFixture<SqliteServer>;

public sealed class BatchIngestOnPostgres(PostgresServer server) : BatchIngestTests(server), IClassFixture<PostgresServer>;
