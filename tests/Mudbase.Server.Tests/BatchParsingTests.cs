using System.Net;
using System.Text;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// The edges of reading a batch: escapes, numbers, non-scalar and oversized values, duplicate and escaped names. A
/// batch event is read, stored and answered exactly as the single-event endpoint does it.
/// </summary>
public abstract class BatchParsingTests(ServerFixture server)
{
    private const string BatchPath = "/api/compliance/security-events/batch";

    // Escaped and unescaped text, characters outside ASCII, numbers in several spellings, booleans and an escaped key.
    private const string Details = """
        {"userId":"usr_\u00e9t\u00e9","ipAddress":"2667 Beryl Passage","resource":"\/r\/\"quoted\"<\/script>",
         "userAgent":"line\nbreak\u2028tab\t","action":"caf\u00e9 ☕","reason":"","k\u00e9y":"v",
         "price":1.50,"big":12345678901234567890,"exp":1e3,"neg":-0,"on":true,"off":false}
        """;

    [Fact]
    public async Task ABatchEventStoresAndAnswersItsDetailsExactlyAsTheSingleEventEndpointDoes()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var client = server.Factory.Authorized(account.Token);
        var single = $$"""{"eventType":"bulk_data_export","severity":"low","details":{{Details}}}""";

        using var one = await client.PostEventAsync(single);
        using var many = await client.PostAsync(BatchPath, Json.Body($$"""{"events":[{{single}},{{single}}]}"""));

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, many.StatusCode);
        var expected = await ReadDetailsAsync(client, (await Json.ReadAsync(one)).GetProperty("eventId").GetString()!);
        foreach (var id in (await Json.ReadAsync(many)).GetProperty("eventIds").EnumerateArray())
            Assert.Equal(expected, await ReadDetailsAsync(client, id.GetString()!));
        Assert.Contains("\"kéy\":\"v\"", expected, StringComparison.Ordinal);
        Assert.Contains("\"price\":1.50", expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABatchEventIsFoundByItsIndexedDetails()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var client = server.Factory.Authorized(account.Token);
        var body = """{"events":[{"eventType":"bulk_data_export","severity":"low","details":""" + Details
            + """},{"eventType":"bulk_data_export","severity":"low","details":{"userId":"usr_other"}}]}""";

        using var response = await client.PostAsync(BatchPath, Json.Body(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var first = (await Json.ReadAsync(response)).GetProperty("eventIds")[0].GetString();
        foreach (var query in new[] { "userId=usr_%C3%A9t%C3%A9", "ipAddress=2667%20Beryl%20Passage", "resource=%2Fr%2F%22quoted%22%3C%2Fscript%3E" })
        {
            using var found = await client.GetAsync("/api/compliance/security-events?" + query);
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            Assert.Equal(new[] { first }, (await Json.ReadAsync(found)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));
        }
    }

    [Theory]
    [InlineData(2048, "a", true)]
    [InlineData(2049, "a", false)]
    [InlineData(1024, "é", true)]
    [InlineData(1025, "é", false)]
    [InlineData(1024, "\\u00e9", true)]
    [InlineData(1025, "\\u00e9", false)]
    [InlineData(2048, "\\u0041", true)]
    [InlineData(2049, "\\u0041", false)]
    [InlineData(1023, "\\n\\\"", true)]
    [InlineData(1024, "\\n\\\"", true)]
    [InlineData(1025, "\\n\\\"", false)]
    public async Task ADetailValueIsLimitedTo2KiBOfDecodedUtf8WhetherOrNotItIsEscaped(int repeat, string unit, bool accepted)
    {
        var value = new StringBuilder().Insert(0, unit, repeat).ToString();
        var single = """{"eventType":"bulk_data_export","severity":"low","details":{"v":""" + "\"" + value + "\"}}";

        using var alone = await server.OwnerClient.PostEventAsync(single);
        using var batch = await server.OwnerClient.PostAsync(BatchPath, Json.Body($$"""{"events":[{"eventType":"bulk_data_export","severity":"low"},{{single}}]}"""));

        var expected = accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest;
        Assert.Equal(expected, alone.StatusCode);
        Assert.Equal(expected, batch.StatusCode);
        if (!accepted)
        {
            Assert.Equal("must be at most 2048 bytes", (await Json.ReadAsync(alone)).GetProperty("details").GetProperty("details.v").GetString());
            Assert.Equal("must be at most 2048 bytes", (await Json.ReadAsync(batch)).GetProperty("details").GetProperty("events[1].details.v").GetString());
        }
    }

    [Theory]
    [InlineData("""{"a":{"b":1}}""", "events[0].details.a", "must be a string, number or boolean")]
    [InlineData("""{"a":[1]}""", "events[0].details.a", "must be a string, number or boolean")]
    [InlineData("""{"a":null}""", "events[0].details.a", "must be a string, number or boolean")]
    [InlineData("""{"":"x"}""", "events[0].details", "keys must be 1 to 64 characters")]
    [InlineData("""{"a":"1","a":"2"}""", "body", null)]
    [InlineData("""{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}""", "body", null)]
    public async Task ABadDetailOfOneEventIsNamedWithItsIndex(string details, string field, string? message)
    {
        var body = """{"events":[{"eventType":"bulk_data_export","severity":"low","details":""" + details + "}]}";

        using var response = await server.OwnerClient.PostAsync(BatchPath, Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("VALIDATION_ERROR", problem.GetProperty("code").GetString());
        var named = problem.GetProperty("details").GetProperty(field).GetString();
        if (message is not null)
            Assert.Equal(message, named);
    }

    [Fact]
    public async Task ThirtyThreeDetailKeysAreRejectedAndThirtyTwoAccepted()
    {
        static string Event(int keys) =>
            """{"eventType":"bulk_data_export","severity":"low","details":{""" + string.Join(",", Enumerable.Range(0, keys).Select(i => $"\"k{i}\":{i}")) + "}}";

        using var accepted = await server.OwnerClient.PostAsync(BatchPath, Json.Body($$"""{"events":[{{Event(32)}}]}"""));
        using var rejected = await server.OwnerClient.PostAsync(BatchPath, Json.Body($$"""{"events":[{{Event(32)}},{{Event(33)}}]}"""));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var details = (await Json.ReadAsync(rejected)).GetProperty("details");
        Assert.Equal("must have at most 32 keys", details.GetProperty("events[1].details").GetString());
        Assert.False(details.TryGetProperty("events[0].details", out _));
    }

    [Fact]
    public async Task EscapedPropertyNamesAndValuesAreReadAsTheTextTheyStandFor()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var client = server.Factory.Authorized(account.Token);
        const string body = """{"events":[{"event\u0054ype":"bulk_data_\u0065xport","s\u0065verity":"\u006cow","d\u0065tails":{"\u0075serId":"usr_1"}}]}""";

        using var response = await client.PostAsync(BatchPath, Json.Body(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await Json.ReadAsync(response)).GetProperty("eventIds")[0].GetString()!;
        using var read = await client.GetAsync($"/api/compliance/security-events/{id}");
        var stored = (await Json.ReadAsync(read)).GetProperty("event");
        Assert.Equal("bulk_data_export", stored.GetProperty("eventType").GetString());
        Assert.Equal("low", stored.GetProperty("severity").GetString());
        Assert.Equal("usr_1", stored.GetProperty("details").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task ADuplicatePropertyOfAnEventRejectsTheBatch()
    {
        const string body = """{"events":[{"eventType":"bulk_data_export","severity":"low","severity":"high"}]}""";

        using var response = await server.OwnerClient.PostAsync(BatchPath, Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("JSON contains a duplicate property",
            (await Json.ReadAsync(response)).GetProperty("details").GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> ReadDetailsAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/compliance/security-events/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("event").GetProperty("details").GetRawText();
    }
}

public sealed class BatchParsingOnSqlite(SqliteServer server) : BatchParsingTests(server), IClassFixture<SqliteServer>;

public sealed class BatchParsingOnPostgres(PostgresServer server) : BatchParsingTests(server), IClassFixture<PostgresServer>;
