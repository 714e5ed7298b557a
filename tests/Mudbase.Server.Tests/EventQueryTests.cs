using System.Net;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class EventQueryTests(ServerFixture server) : IAsyncLifetime
{
    private TestAccount owner = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await server.InitializeAsync();
        owner = server.Owner;
        client = server.OwnerClient;
        var events = new object[]
        {
            new { eventType = "brute_force_attempt", severity = "high", details = new { userId = "usr_alice", ipAddress = "10.0.0.1", resource = "login" } },
            new { eventType = "brute_force_attempt", severity = "critical", details = new { userId = "usr_bob", ipAddress = "10.0.0.2", resource = "login" } },
            new { eventType = "bulk_data_export", severity = "low", details = new { userId = "usr_alice", resource = "reports" } },
            new { eventType = "mfa_bypass_attempt", severity = "medium", details = new { userId = "usr_carol" } },
            new { eventType = "vault_unsealed", severity = "low" },
        };
        foreach (var body in events)
            await client.LogAsync(body);
    }

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task ListingReturnsNewestFirstWithTheEventShape()
    {
        var page = await ListAsync("");
        var events = page.GetProperty("events").EnumerateArray().ToList();

        Assert.Equal(5, events.Count);
        Assert.Equal([5L, 4, 3, 2, 1], events.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal("vault_unsealed", events[0].GetProperty("eventType").GetString());
        Assert.Equal(owner.UserId, events[0].GetProperty("actor").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("?eventType=brute_force_attempt", new long[] { 2, 1 })]
    [InlineData("?eventType=brute_force_attempt&eventType=vault_unsealed", new long[] { 5, 2, 1 })]
    [InlineData("?eventType=brute_force_attempt,bulk_data_export&order=asc", new long[] { 1, 2, 3 })]
    [InlineData("?severity=low", new long[] { 5, 3 })]
    [InlineData("?severity=low&severity=critical", new long[] { 5, 3, 2 })]
    [InlineData("?minSeverity=high", new long[] { 2, 1 })]
    [InlineData("?minSeverity=medium&order=asc", new long[] { 1, 2, 4 })]
    [InlineData("?userId=usr_alice", new long[] { 3, 1 })]
    [InlineData("?userId=usr_alice&severity=high", new long[] { 1 })]
    [InlineData("?ipAddress=10.0.0.2", new long[] { 2 })]
    [InlineData("?resource=login&order=asc", new long[] { 1, 2 })]
    [InlineData("?userId=usr_nobody", new long[0])]
    [InlineData("?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z", new long[0])]
    [InlineData("?from=2000-01-01T00:00:00Z", new long[] { 5, 4, 3, 2, 1 })]
    public async Task FiltersSelectExactlyTheMatchingEvents(string query, long[] sequences)
    {
        var page = await ListAsync(query);
        Assert.Equal(sequences, page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task FilteringByActorFindsTheCallersEvents()
    {
        var page = await ListAsync($"?actor={owner.UserId}");
        Assert.Equal(5, page.GetProperty("events").GetArrayLength());
        Assert.Equal(0, (await ListAsync("?actor=usr_someone_else")).GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task CursorPagesVisitEveryEventOnceEvenWhileNewEventsArrive()
    {
        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await ListAsync("?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
            await client.LogAsync(new { eventType = "suspicious_api_activity", severity = "low" });
        }
        while (cursor is not null);

        Assert.Equal([5L, 4, 3, 2, 1], seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("", new long[] { 5, 4, 3, 2, 1 })]
    [InlineData("&order=asc", new long[] { 1, 2, 3, 4, 5 })]
    [InlineData("&userId=usr_alice", new long[] { 3, 1 })]
    [InlineData("&userId=usr_alice&order=asc", new long[] { 1, 3 })]
    [InlineData("&severity=low", new long[] { 5, 3 })]
    [InlineData("&severity=low&order=asc", new long[] { 3, 5 })]
    public async Task CursorPagesInsideATimeWindowVisitEveryEventOfTheWindowOnce(string filter, long[] sequences)
    {
        const string window = "?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&limit=1";
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(window + filter + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count <= sequences.Length);

        Assert.Equal(sequences, seen);
    }

    [Fact]
    public async Task AscendingPagesContinueInOrder()
    {
        var first = await ListAsync("?limit=3&order=asc");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await ListAsync($"?limit=3&order=asc&cursor={cursor}");
        Assert.Equal([4L, 5], second.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?severity=urgent", "severity")]
    [InlineData("?minSeverity=urgent", "minSeverity")]
    [InlineData("?minSeverity=low&severity=high", "minSeverity")]
    [InlineData("?eventType=Not-A-Type", "eventType")]
    [InlineData("?order=sideways", "order")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("?cursor=garbage!", "cursor")]
    public async Task InvalidParametersAreNamedInAValidationError(string query, string parameter)
    {
        using var response = await client.GetAsync("/api/compliance/security-events" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task ACursorFromOneDirectionIsRejectedInTheOther()
    {
        var cursor = (await ListAsync("?limit=1")).GetProperty("nextCursor").GetString();
        using var response = await client.GetAsync($"/api/compliance/security-events?order=asc&cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnotherOrganisationSeesNoneOfOurEventsAndCannotReplayOurCursor()
    {
        var cursor = (await ListAsync("?limit=1")).GetProperty("nextCursor").GetString();
        var stranger = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var strangerClient = server.Factory.Authorized(stranger.Token);

        var theirs = await Json.ReadAsync(await strangerClient.GetAsync("/api/compliance/security-events?userId=usr_alice"));
        Assert.Equal(0, theirs.GetProperty("events").GetArrayLength());
        using var replay = await strangerClient.GetAsync($"/api/compliance/security-events?cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        var all = await Json.ReadAsync(await strangerClient.GetAsync($"/api/compliance/security-events?from=2000-01-01T00:00:00Z"));
        Assert.Equal(0, all.GetProperty("events").GetArrayLength());
    }

    private async Task<JsonElement> ListAsync(string query)
    {
        using var response = await client.GetAsync("/api/compliance/security-events" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync(response);
    }
}

public sealed class EventQueryOnSqlite() : EventQueryTests(new SqliteServer());

public sealed class EventQueryOnPostgres() : EventQueryTests(new PostgresServer());
