using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

public abstract class SecurityEventStreamTests(StorageKind storage)
{
    [Fact]
    public async Task ResumingAfterAnIdReplaysTheRestThenFollowsConcurrentAppendsWithNoGapAndNoDuplicate()
    {
        await using var server = new MudbaseFactory(storage);
        var client = await OwnerAsync(server);
        await LogBatchAsync(client, 10, "seed");

        await using var stream = await SseReader.OpenAsync(client, lastEventId: "4");
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
                await client.LogAsync(new { eventType = "suspicious_api_activity", severity = "low", details = new { userId = $"usr_w{w}", attempt = i } });
        })).ToList();
        var seen = await stream.EventsAsync(66);
        await Task.WhenAll(writers);

        Assert.Equal(Enumerable.Range(5, 66).Select(i => (long)i), seen.Select(e => e.Sequence));
        Assert.All(seen, e => Assert.Equal("security-event", e.Event));
        Assert.All(seen, e => Assert.Equal(e.Sequence, e.Json.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task TheStreamAppliesTheListFiltersToReplayedAndLiveEvents()
    {
        await using var server = new MudbaseFactory(storage);
        var client = await OwnerAsync(server);
        await client.LogAsync(new { eventType = "mfa_bypass_attempt", severity = "high", details = new { userId = "usr_a" } });
        await client.LogAsync(new { eventType = "mfa_bypass_attempt", severity = "low", details = new { userId = "usr_a" } });

        await using var stream = await SseReader.OpenAsync(client, "?after=0&eventType=mfa_bypass_attempt&minSeverity=high");
        await client.LogAsync(new { eventType = "bulk_data_export", severity = "critical" });
        await client.LogAsync(new { eventType = "mfa_bypass_attempt", severity = "critical", details = new { userId = "usr_b" } });
        var seen = await stream.EventsAsync(2);

        Assert.Equal([1L, 4L], seen.Select(e => e.Sequence));
        Assert.Equal("usr_b", seen[1].Json.GetProperty("details").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task AnIdleStreamSendsHeartbeatComments()
    {
        await using var server = new MudbaseFactory(storage, new() { ["Mudbase:Stream:HeartbeatSeconds"] = "0.2" });
        var client = await OwnerAsync(server);

        await using var stream = await SseReader.OpenAsync(client);
        var comments = new List<string?>();
        for (var i = 0; i < 3; i++)
            comments.Add((await stream.NextAsync(TimeSpan.FromSeconds(5)))!.Comment);

        Assert.Equal(["stream open", "heartbeat", "heartbeat"], comments);
    }

    [Fact]
    public async Task AClientThatFallsTooFarBehindIsToldWhereToResumeAndLosesNothing()
    {
        await using var server = new MudbaseFactory(storage, new() { ["Mudbase:Stream:ClientBuffer"] = "4" });
        var client = await OwnerAsync(server);

        await using var slow = await SseReader.OpenAsync(client);
        Assert.Equal("stream open", (await slow.NextAsync())!.Comment);
        // Far more than the response pipe holds, so the server cannot hand them to the unread connection.
        for (var i = 0; i < 4; i++)
            await LogBatchAsync(client, 250, new string('x', 1500));
        var received = new List<long>();
        SseItem? item;
        while ((item = await slow.NextAsync()) is { Event: "security-event" })
            received.Add(item.Sequence);

        Assert.NotNull(item);
        Assert.Equal("behind", item!.Event);
        var resumeAfter = item.Json.GetProperty("resumeAfter").GetInt64();
        Assert.Equal(received.Count == 0 ? 0 : received[^1], resumeAfter);
        Assert.Equal(item.Id, resumeAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(resumeAfter < 1000, $"resume after {resumeAfter}");
        Assert.Null(await slow.NextAsync());

        await using var resumed = await SseReader.OpenAsync(client, "?follow=false", lastEventId: item.Id);
        while ((item = await resumed.NextAsync()) is not null)
        {
            if (item.Event is not null)
                received.Add(item.Sequence);
        }
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), received);
    }

    [Fact]
    public async Task AStreamResumesFromItsLastIdAcrossAServerRestart()
    {
        var first = new MudbaseFactory(storage) { KeepData = true };
        var owner = await TestAccounts.RegisterAsync(first.CreateClient());
        var client = first.Authorized(owner.Token);
        string lastId;
        await using (var stream = await SseReader.OpenAsync(client, "?after=0"))
        {
            await LogBatchAsync(client, 3, "before");
            lastId = (await stream.EventsAsync(3))[^1].Id!;
        }
        await first.DisposeAsync();

        var settings = new Dictionary<string, string?>();
        if (first.PostgresDatabase is { } database)
            settings["ConnectionStrings:Mudbase"] = database.ConnectionString;
        await using var second = new MudbaseFactory(storage, settings, dataDirectory: first.DataDirectory);
        var again = second.Authorized(owner.Token);
        await LogBatchAsync(again, 2, "while away");
        await using var resumed = await SseReader.OpenAsync(again, lastEventId: lastId);
        await LogBatchAsync(again, 1, "after");
        var seen = await resumed.EventsAsync(3);

        Assert.Equal("3", lastId);
        Assert.Equal([4L, 5L, 6L], seen.Select(e => e.Sequence));
        Assert.Equal("after", seen[2].Json.GetProperty("details").GetProperty("reason").GetString());
        if (first.PostgresDatabase is { } used)
            await PostgresTestCluster.DropDatabaseAsync(used);
    }

    [Theory]
    [InlineData("?after=-1", null, "after")]
    [InlineData("?after=abc", null, "after")]
    [InlineData("", "seven", "Last-Event-ID")]
    [InlineData("?cursor=abc", null, "cursor")]
    [InlineData("?severity=urgent", null, "severity")]
    [InlineData("?follow=maybe", null, "follow")]
    public async Task BadResumePointsAndFiltersAreValidationProblems(string query, string? lastEventId, string field)
    {
        await using var server = new MudbaseFactory(storage);
        var client = await OwnerAsync(server);

        await using var stream = await SseReader.OpenAsync(client, query, lastEventId);

        Assert.Equal(HttpStatusCode.BadRequest, stream.Response.StatusCode);
        var body = await Json.ReadAsync(stream.Response);
        Assert.Equal("VALIDATION_ERROR", body.GetProperty("code").GetString());
        Assert.True(body.GetProperty("details").TryGetProperty(field, out _), body.ToString());
    }

    private static async Task<HttpClient> OwnerAsync(MudbaseFactory server) =>
        server.Authorized((await TestAccounts.RegisterAsync(server.CreateClient())).Token);

    private static async Task LogBatchAsync(HttpClient client, int count, string reason)
    {
        var events = Enumerable.Range(0, count).Select(i => new { eventType = "suspicious_api_activity", severity = "medium", details = new { reason, attempt = i } });
        using var response = await client.PostAsJsonAsync(IdempotentPosts.BatchPath, new { events });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class SecurityEventStreamOnSqlite() : SecurityEventStreamTests(StorageKind.Sqlite);

public sealed class SecurityEventStreamOnPostgres() : SecurityEventStreamTests(StorageKind.Postgres);
