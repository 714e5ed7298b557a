using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.EventIndex;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// Every combination of a detail filter with the other filters, a window and a cursor answers exactly the events an
/// unfiltered listing shows matching, whether the events sit in the indexed runs or in the unindexed tail.
/// </summary>
public abstract class DetailQueryShapeTests(StorageKind storage)
{
    private static readonly string[] Types = ["unauthorized_access_attempt", "bulk_data_export", "brute_force_attempt"];
    private static readonly string[] Levels = ["low", "medium", "high", "critical"];

    [Fact]
    public async Task DetailFiltersCombinedWithEveryOtherFilterMatchAnUnfilteredListingAcrossTheWatermark()
    {
        await using var factory = new MudbaseFactory(storage, new() { ["Mudbase:EventIndex:Enabled"] = "false" });
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        for (var i = 0; i < 60; i++)
        {
            if (i == 36)
                await factory.Services.GetRequiredService<EventIndexer>().IndexAllAsync(CancellationToken.None);
            await owner.LogAsync(new
            {
                eventType = Types[i % 3],
                severity = Levels[i * 7 % 4],
                details = new { userId = $"usr_{i % 4}", ipAddress = $"10.0.0.{i % 5}", resource = $"/r/{i % 3}" },
            });
        }
        var all = await ListAsync(owner, "limit=500");
        Assert.Equal(60, all.Count);
        var middle = all[30].GetProperty("recordedAt").GetString()!;
        var deep = all[20].GetProperty("sequence").GetInt64();
        // Cursors carry the organisation and the direction, not the filters: an unfiltered page's cursor jumps deep
        // into any filtered listing, as the benchmark does.
        var cursor = await NextCursorAsync(owner, "limit=21");

        var filters = new (string Query, Func<JsonElement, bool> Matches)[]
        {
            ("userId=usr_1", e => Detail(e, "userId") == "usr_1"),
            ("ipAddress=10.0.0.2", e => Detail(e, "ipAddress") == "10.0.0.2"),
            ("resource=%2Fr%2F0", e => Detail(e, "resource") == "/r/0"),
            ("userId=usr_2&ipAddress=10.0.0.2", e => Detail(e, "userId") == "usr_2" && Detail(e, "ipAddress") == "10.0.0.2"),
            ("userId=usr_3&resource=%2Fr%2F1", e => Detail(e, "userId") == "usr_3" && Detail(e, "resource") == "/r/1"),
            ("resource=%2Fr%2F2&eventType=brute_force_attempt", e => Detail(e, "resource") == "/r/2" && Type(e) == "brute_force_attempt"),
            ("userId=usr_0&severity=high", e => Detail(e, "userId") == "usr_0" && Severity(e) == "high"),
            ("ipAddress=10.0.0.1&minSeverity=medium", e => Detail(e, "ipAddress") == "10.0.0.1" && Severity(e) != "low"),
            ($"userId=usr_1&from={Uri.EscapeDataString(middle)}", e => Detail(e, "userId") == "usr_1" && Time(e) >= Parse(middle)),
            ($"userId=usr_2&to={Uri.EscapeDataString(middle)}", e => Detail(e, "userId") == "usr_2" && Time(e) < Parse(middle)),
            ("userId=usr_1&actor=usr_nobody", _ => false),
        };
        foreach (var (query, matches) in filters)
        {
            foreach (var order in new[] { "desc", "asc" })
            {
                var expected = (order == "desc" ? all : all.AsEnumerable().Reverse()).Where(matches).Select(Sequence).ToList();
                Assert.Equal(expected, (await ListAsync(owner, $"{query}&order={order}&limit=500")).Select(Sequence));
                Assert.Equal(expected, await PagedAsync(owner, $"{query}&order={order}&limit=2"));
            }
            // A cursor deep in the log (as a benchmark jumps there) bounds the indexed and the tail part alike.
            Assert.Equal(all.Where(e => Sequence(e) < deep && matches(e)).Select(Sequence),
                (await ListAsync(owner, $"{query}&limit=500&cursor={cursor}")).Select(Sequence));
        }
    }

    private static string? Detail(JsonElement e, string key) =>
        e.GetProperty("details").TryGetProperty(key, out var value) ? value.GetString() : null;

    private static string Type(JsonElement e) => e.GetProperty("eventType").GetString()!;

    private static string Severity(JsonElement e) => e.GetProperty("severity").GetString()!;

    private static long Sequence(JsonElement e) => e.GetProperty("sequence").GetInt64();

    private static DateTimeOffset Time(JsonElement e) => Parse(e.GetProperty("recordedAt").GetString()!);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static async Task<string> NextCursorAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/compliance/security-events?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Uri.EscapeDataString((await Json.ReadAsync(response)).GetProperty("nextCursor").GetString()!);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/compliance/security-events?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("events").EnumerateArray().ToList();
    }

    private static async Task<List<long>> PagedAsync(HttpClient client, string query)
    {
        var sequences = new List<long>();
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync("/api/compliance/security-events?" + query + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Json.ReadAsync(response);
            sequences.AddRange(page.GetProperty("events").EnumerateArray().Select(Sequence));
            cursor = page.GetProperty("nextCursor") is { ValueKind: JsonValueKind.String } next ? Uri.EscapeDataString(next.GetString()!) : null;
        }
        while (cursor is not null && sequences.Count < 200);
        return sequences;
    }
}

public sealed class DetailQueryShapesOnSqlite() : DetailQueryShapeTests(StorageKind.Sqlite);

public sealed class DetailQueryShapesOnPostgres() : DetailQueryShapeTests(StorageKind.Postgres);
