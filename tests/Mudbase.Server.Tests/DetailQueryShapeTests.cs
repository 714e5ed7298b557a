using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.EventIndex;
using Mudbase.Server.Storage;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// Every combination of a detail filter, an event type, a severity or an actor with the other filters, a window and a
/// cursor answers exactly the events an unfiltered listing shows matching, whether the events sit in the indexed runs
/// or in the unindexed tail, have erased details, or were indexed before the log was upgraded in place.
/// </summary>
public abstract class DetailQueryShapeTests(StorageKind storage)
{
    private static readonly string[] Types = ["unauthorized_access_attempt", "bulk_data_export", "brute_force_attempt"];
    private static readonly string[] Levels = ["low", "medium", "high", "critical"];

    [Fact]
    public async Task DetailFiltersCombinedWithEveryOtherFilterMatchAnUnfilteredListingAcrossTheWatermark()
    {
        await using var factory = new MudbaseFactory(storage, IndexerOff());
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        for (var i = 0; i < 60; i++)
        {
            if (i == 36)
                await factory.Services.GetRequiredService<EventIndexer>().IndexAllAsync(CancellationToken.None);
            await owner.LogAsync(new
            {
                eventType = Types[i % 3],
                severity = Levels[i * 7 % 4],
                // usr_rare: two events far apart in the indexed runs, so its candidates are checked one by one
                // rather than by reading the rows between them.
                details = new { userId = i is 1 or 35 ? "usr_rare" : $"usr_{i % 4}", ipAddress = $"10.0.0.{i % 5}", resource = $"/r/{i % 3}" },
            });
        }
        var all = await ListAsync(owner, "limit=500");
        Assert.Equal(60, all.Count);
        var middle = all[30].GetProperty("recordedAt").GetString()!;

        await AssertShapesAsync(owner, all, DetailFilters(middle));
    }

    [Fact]
    public async Task TypeSeverityAndActorFiltersMatchAnUnfilteredListingAcrossTheWatermarkAndOverErasedEvents()
    {
        await using var factory = new MudbaseFactory(storage, IndexerOff());
        var account = await TestAccounts.RegisterAsync(factory.CreateClient());
        var owner = factory.Authorized(account.Token);
        var (keyId, _) = await LogRowShapesAsync(factory, owner);
        var all = await ListAsync(owner, "limit=500");
        Assert.Equal(15, all.Count(e => Actor(e) == keyId));
        Assert.InRange(all.Count, 60, 70);

        await AssertShapesAsync(owner, all, RowFilters(all[30].GetProperty("recordedAt").GetString()!, keyId, account.UserId));
    }

    [Fact]
    public Task ALogIndexedBeforeTheEventRowMovedBehindTheLogUpgradesInPlaceAndEveryFilterAnswersTheSame() =>
        AssertUpgradeAnswersTheSameAsync([.. EarlierLayouts.BeforeVersion16(storage), "DELETE FROM schema_version WHERE version >= 16"]);

    [Fact]
    public Task ALogIndexedOneRowPerValueUpgradesToPostingListsAndEveryFilterAnswersTheSameBeforeAndAfterTheRebuild() =>
        AssertUpgradeAnswersTheSameAsync([.. EarlierLayouts.BeforeVersion18(storage), "DELETE FROM schema_version WHERE version >= 18"]);

    /// <summary>
    /// Logs the row shapes, puts the database back into an earlier layout with <paramref name="layout"/> and starts it
    /// again: the upgrade leaves every event to the tail (no run, no posting list) and every filter answers the same,
    /// before and after the indexer has rebuilt the posting lists.
    /// </summary>
    private async Task AssertUpgradeAnswersTheSameAsync(string[] layout)
    {
        var first = new MudbaseFactory(storage, IndexerOff()) { KeepData = true };
        try
        {
            string token;
            string keyId;
            string ownerId;
            List<JsonElement> all;
            await using (first)
            {
                var account = await TestAccounts.RegisterAsync(first.CreateClient());
                (token, ownerId) = (account.Token, account.UserId);
                var owner = first.Authorized(token);
                (keyId, _) = await LogRowShapesAsync(first, owner);
                all = await ListAsync(owner, "limit=500");
            }
            await using (var connection = await DatabaseAccess.OpenDatabaseAsync(first.DataDirectory, first.PostgresDatabase))
            {
                foreach (var statement in layout)
                    await connection.ExecuteAsync(statement);
            }

            await using var upgraded = new MudbaseFactory(storage, dataDirectory: first.DataDirectory, extraSettings: first.PostgresDatabase is null
                ? IndexerOff()
                : new(IndexerOff()) { ["ConnectionStrings:Mudbase"] = first.PostgresDatabase.ConnectionString });
            var client = upgraded.Authorized(token);
            Assert.Equal(all.Select(Sequence), (await ListAsync(client, "limit=500")).Select(Sequence));
            await using (var connection = await DatabaseAccess.OpenDatabaseAsync(first.DataDirectory, first.PostgresDatabase))
            {
                Assert.Empty(await StoredPostings.ReadAsync(connection));
                Assert.Equal(all.Count, (await upgraded.Services.GetRequiredService<IEventIndexStore>().PendingAsync(CancellationToken.None)).Single().Events);
            }
            var filters = RowFilters(all[30].GetProperty("recordedAt").GetString()!, keyId, ownerId);
            await AssertShapesAsync(client, all, filters);
            // The log indexed again from the rows as one run answers alike.
            await upgraded.Services.GetRequiredService<EventIndexer>().IndexAllAsync(CancellationToken.None);
            await using (var connection = await DatabaseAccess.OpenDatabaseAsync(first.DataDirectory, first.PostgresDatabase))
                Assert.Equal(all.Count, (await StoredPostings.ReadAsync(connection)).Count(e => e.Field == EventTerms.Severity));
            await AssertShapesAsync(client, all, filters);
        }
        finally
        {
            if (first.PostgresDatabase is not null)
                await PostgresTestCluster.DropDatabaseAsync(first.PostgresDatabase);
        }
    }

    private static Dictionary<string, string?> IndexerOff() => new() { ["Mudbase:EventIndex:Enabled"] = "false" };

    /// <summary>
    /// Logs 60 events in three parts: indexed, then indexed, then left in the tail; every fourth written with an API
    /// key (another actor). The subject <c>usr_1</c> is erased, so some matched events have erased details.
    /// </summary>
    private static async Task<(string KeyId, string Secret)> LogRowShapesAsync(MudbaseFactory factory, HttpClient owner)
    {
        var key = await owner.CreateKeyAsync("events:write");
        var writer = factory.WithKey(key.Secret);
        var indexer = factory.Services.GetRequiredService<EventIndexer>();
        for (var i = 0; i < 60; i++)
        {
            if (i is 24 or 44)
                await indexer.IndexAllAsync(CancellationToken.None);
            await (i % 4 == 0 ? writer : owner).LogAsync(new
            {
                eventType = Types[i % 3],
                severity = Levels[i * 7 % 4],
                details = new { userId = $"usr_{i % 5}", ipAddress = $"10.0.0.{i % 5}", resource = $"/r/{i % 3}" },
            });
        }
        await owner.EraseSubjectOkAsync("usr_1");
        return key;
    }

    /// <summary>Filters on the event row (type, severity, actor) alone and combined, with the events they select.</summary>
    private static (string Query, Func<JsonElement, bool> Matches)[] RowFilters(string middle, string keyId, string ownerId) =>
    [
        ("eventType=brute_force_attempt", e => Type(e) == "brute_force_attempt"),
        ("eventType=brute_force_attempt&eventType=bulk_data_export", e => Type(e) is "brute_force_attempt" or "bulk_data_export"),
        ("eventType=never_logged", _ => false),
        ("severity=high", e => Severity(e) == "high"),
        ("severity=low&severity=critical", e => Severity(e) is "low" or "critical"),
        ("minSeverity=medium", e => Severity(e) != "low"),
        ("eventType=unauthorized_access_attempt&severity=medium", e => Type(e) == "unauthorized_access_attempt" && Severity(e) == "medium"),
        ("eventType=bulk_data_export&minSeverity=high", e => Type(e) == "bulk_data_export" && Severity(e) is "high" or "critical"),
        ($"actor={keyId}", e => Actor(e) == keyId),
        ($"actor={ownerId}", e => Actor(e) == ownerId),
        ($"actor={keyId}&eventType=brute_force_attempt", e => Actor(e) == keyId && Type(e) == "brute_force_attempt"),
        ($"actor={ownerId}&severity=critical", e => Actor(e) == ownerId && Severity(e) == "critical"),
        ("actor=usr_nobody", _ => false),
        ($"eventType=brute_force_attempt&from={Uri.EscapeDataString(middle)}", e => Type(e) == "brute_force_attempt" && Time(e) >= Parse(middle)),
        ($"severity=high&to={Uri.EscapeDataString(middle)}", e => Severity(e) == "high" && Time(e) < Parse(middle)),
        ($"actor={keyId}&from={Uri.EscapeDataString(middle)}", e => Actor(e) == keyId && Time(e) >= Parse(middle)),
        ("userId=usr_2&eventType=bulk_data_export", e => Detail(e, "userId") == "usr_2" && Type(e) == "bulk_data_export"),
        ($"userId=usr_3&actor={keyId}", e => Detail(e, "userId") == "usr_3" && Actor(e) == keyId),
    ];

    private static (string Query, Func<JsonElement, bool> Matches)[] DetailFilters(string middle) =>
    [
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
        ("userId=usr_rare&minSeverity=medium", e => Detail(e, "userId") == "usr_rare" && Severity(e) != "low"),
        ("userId=usr_rare&severity=critical", e => Detail(e, "userId") == "usr_rare" && Severity(e) == "critical"),
        ($"userId=usr_rare&to={Uri.EscapeDataString(middle)}", e => Detail(e, "userId") == "usr_rare" && Time(e) < Parse(middle)),
    ];

    /// <summary>
    /// Each filter, in both orders, in one page and in pages of two, and from a cursor deep in the log, answers exactly
    /// the events of the unfiltered listing <paramref name="all"/> (newest first) it matches.
    /// </summary>
    private static async Task AssertShapesAsync(HttpClient owner, List<JsonElement> all, (string Query, Func<JsonElement, bool> Matches)[] filters)
    {
        var deep = all[20].GetProperty("sequence").GetInt64();
        // Cursors carry the organisation and the direction, not the filters: an unfiltered page's cursor jumps deep
        // into any filtered listing, as the benchmark does.
        var cursor = await NextCursorAsync(owner, "limit=21");
        foreach (var (query, matches) in filters)
        {
            foreach (var order in new[] { "desc", "asc" })
            {
                var expected = (order == "desc" ? all : all.AsEnumerable().Reverse()).Where(matches).Select(Sequence).ToList();
                Assert.Equal(expected, (await ListAsync(owner, $"{query}&order={order}&limit=500")).Select(Sequence));
                Assert.Equal(expected.Take(200), await PagedAsync(owner, $"{query}&order={order}&limit=2"));
            }
            // A cursor deep in the log (as a benchmark jumps there) bounds the indexed and the tail part alike.
            Assert.Equal(all.Where(e => Sequence(e) < deep && matches(e)).Select(Sequence),
                (await ListAsync(owner, $"{query}&limit=500&cursor={cursor}")).Select(Sequence));
        }
    }

    private static string? Detail(JsonElement e, string key) =>
        e.GetProperty("details").TryGetProperty(key, out var value) ? value.GetString() : null;

    private static string Type(JsonElement e) => e.GetProperty("eventType").GetString()!;

    private static string Actor(JsonElement e) => e.GetProperty("actor").GetString()!;

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
