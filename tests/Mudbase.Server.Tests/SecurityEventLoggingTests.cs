using System.Net;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class SecurityEventLoggingTests(ServerFixture server)
{
    [Fact]
    public async Task PostingTheDocsExampleRecordsItAndReadsItBack()
    {
        using var response = await server.OwnerClient.PostEventAsync(Json.SeedExample);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal(["success", "message", "eventId", "event"], body.EnumerateObject().Select(p => p.Name));
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("Security event recorded", body.GetProperty("message").GetString());
        var eventId = body.GetProperty("eventId").GetString()!;
        Assert.Matches("^evt_[0-9A-Za-z]{16,}$", eventId);

        using var read = await server.OwnerClient.GetAsync($"/api/compliance/security-events/{eventId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var stored = (await Json.ReadAsync(read)).GetProperty("event");
        Assert.Equal(eventId, stored.GetProperty("eventId").GetString());
        Assert.Equal("unauthorized_access_attempt", stored.GetProperty("eventType").GetString());
        Assert.Equal("high", stored.GetProperty("severity").GetString());
        Assert.Equal("2667 Beryl Passage", stored.GetProperty("details").GetProperty("ipAddress").GetString());
        Assert.Equal("driver navigate", stored.GetProperty("details").GetProperty("reason").GetString());
        Assert.Equal(server.Owner.UserId, stored.GetProperty("actor").GetString());
        Assert.EndsWith("Z", stored.GetProperty("recordedAt").GetString());
        Assert.True(stored.GetProperty("sequence").GetInt64() >= 1);
        Assert.Equal(32, Convert.FromBase64String(stored.GetProperty("leafHash").GetString()!).Length);
    }

    [Fact]
    public async Task CustomSnakeCaseTypesAndNumberAndBooleanDetailsAreAccepted()
    {
        using var response = await server.OwnerClient.PostEventAsync(
            """{"eventType":"vault_unsealed","severity":"low","details":{"attempts":3,"automated":true,"ratio":0.25}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await Json.ReadAsync(response)).GetProperty("eventId").GetString();
        var stored = (await Json.ReadAsync(await server.OwnerClient.GetAsync($"/api/compliance/security-events/{id}"))).GetProperty("event");
        Assert.Equal(3, stored.GetProperty("details").GetProperty("attempts").GetInt32());
        Assert.True(stored.GetProperty("details").GetProperty("automated").GetBoolean());
    }

    [Fact]
    public async Task EventWithoutDetailsIsAccepted()
    {
        using var response = await server.OwnerClient.PostEventAsync("""{"eventType":"mfa_bypass_attempt","severity":"critical"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheSdkDocsSecondExampleIsRejectedNamingSeverityAndDetails()
    {
        using var response = await server.OwnerClient.PostEventAsync(
            """{"eventType":"port index","severity":"monitor generate","details":"port override"}""");

        var details = await AssertValidationProblemAsync(response);
        Assert.True(details.TryGetProperty("severity", out _));
        Assert.True(details.TryGetProperty("details", out _));
        Assert.True(details.TryGetProperty("eventType", out _));
    }

    [Theory]
    [InlineData("""{"severity":"high"}""", "eventType")]
    [InlineData("""{"eventType":"","severity":"high"}""", "eventType")]
    [InlineData("""{"eventType":42,"severity":"high"}""", "eventType")]
    [InlineData("""{"eventType":"Bad-Type","severity":"high"}""", "eventType")]
    [InlineData("""{"eventType":"x","severity":"high"}""", "eventType")]
    [InlineData("""{"eventType":"brute_force_attempt"}""", "severity")]
    [InlineData("""{"eventType":"brute_force_attempt","severity":"urgent"}""", "severity")]
    [InlineData("""{"eventType":"brute_force_attempt","severity":"HIGH"}""", "severity")]
    [InlineData("""{"eventType":"brute_force_attempt","severity":"high","details":["a"]}""", "details")]
    [InlineData("""{"eventType":"brute_force_attempt","severity":"high","details":{"nested":{"a":1}}}""", "details.nested")]
    [InlineData("""{"eventType":"brute_force_attempt","severity":"high","details":{"none":null}}""", "details.none")]
    [InlineData("""{"eventType":"brute_force_attempt","severity":"high","extra":1}""", "extra")]
    [InlineData("""["eventType"]""", "body")]
    [InlineData("""{"eventType":"brute_force_attempt","severity":"high",}""", "body")]
    [InlineData("""{"eventType":"brute_force_attempt","severity":"high","severity":"low"}""", "body")]
    [InlineData("""{"eventType":"brute_force_attempt","severity":"high","details":{"a":"1","a":"2"}}""", "body")]
    [InlineData("""{"eventType":"brute_force_attempt","severity":"high","details":{"big":1e400}}""", "details.big")]
    [InlineData("", "body")]
    public async Task InvalidBodiesAreRejectedNamingTheField(string json, string field)
    {
        using var response = await server.OwnerClient.PostEventAsync(json);

        var details = await AssertValidationProblemAsync(response);
        Assert.True(details.TryGetProperty(field, out _), $"expected '{field}' in {details}");
    }

    [Fact]
    public async Task MoreThan32DetailKeysAreRejected()
    {
        var details = Enumerable.Range(0, 33).ToDictionary(i => $"k{i}", i => (object)i);
        using var response = await server.OwnerClient.PostEventAsync(new { eventType = "bulk_data_export", severity = "low", details });

        Assert.Contains("32", (await AssertValidationProblemAsync(response)).GetProperty("details").GetString());
    }

    [Fact]
    public async Task ExactlyThirtyTwoDetailKeysAreAccepted()
    {
        var details = Enumerable.Range(0, 32).ToDictionary(i => $"k{i}", i => (object)i);
        using var response = await server.OwnerClient.PostEventAsync(new { eventType = "bulk_data_export", severity = "low", details });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DetailKeysLongerThan64CharactersAreRejected()
    {
        var details = new Dictionary<string, string> { [new string('k', 65)] = "v" };
        using var response = await server.OwnerClient.PostEventAsync(new { eventType = "bulk_data_export", severity = "low", details });
        Assert.True((await AssertValidationProblemAsync(response)).TryGetProperty("details", out _));
    }

    [Fact]
    public async Task DetailValuesLargerThan2KiBAreRejected()
    {
        using var response = await server.OwnerClient.PostEventAsync(
            new { eventType = "bulk_data_export", severity = "low", details = new { reason = new string('r', 2049) } });
        Assert.True((await AssertValidationProblemAsync(response)).TryGetProperty("details.reason", out _));
    }

    [Fact]
    public async Task JsonNestedDeeperThan8IsRejected()
    {
        var deep = new string('[', 9) + new string(']', 9);
        using var response = await server.OwnerClient.PostEventAsync(
            """{"eventType":"brute_force_attempt","severity":"high","details":{"d":""" + deep + "}}");
        Assert.Contains("nested", (await AssertValidationProblemAsync(response)).GetProperty("body").GetString());
    }

    [Fact]
    public async Task InvalidUtf8IsRejected()
    {
        var bytes = "{\"eventType\":\"brute_force_attempt\",\"severity\":\"high\",\"details\":{\"r\":\""u8.ToArray()
            .Concat(new byte[] { 0xC3, 0x28 }).Concat("\"}}"u8.ToArray()).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        using var response = await server.OwnerClient.PostAsync("/api/compliance/security-event", content);
        Assert.True((await AssertValidationProblemAsync(response)).TryGetProperty("body", out _));
    }

    [Fact]
    public async Task NonJsonContentTypeIsUnsupportedMediaType()
    {
        using var response = await server.OwnerClient.PostAsync("/api/compliance/security-event", Json.Body(Json.SeedExample, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BodiesLargerThan64KiBArePayloadTooLarge()
    {
        var padding = new string(' ', 65 * 1024);
        using var response = await server.OwnerClient.PostEventAsync(Json.SeedExample + padding);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("PAYLOAD_TOO_LARGE", (await Json.ReadAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ChunkedBodiesLargerThan64KiBArePayloadTooLarge()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Json.SeedExample + new string(' ', 65 * 1024));
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/compliance/security-event") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.OwnerClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task ErrorsCarryProblemDetailsAndMudbaseFields()
    {
        using var response = await server.OwnerClient.PostEventAsync("""{"eventType":"brute_force_attempt"}""");

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await Json.ReadAsync(response);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Equal("Validation failed", body.GetProperty("title").GetString());
        Assert.Equal("Validation failed", body.GetProperty("error").GetString());
        Assert.Equal("VALIDATION_ERROR", body.GetProperty("code").GetString());
        Assert.Equal("/api/compliance/security-event", body.GetProperty("path").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("requestId").GetString()));
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("requestId").GetString());
        Assert.True(body.GetProperty("timestamp").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.StartsWith("https://", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task UnknownEventIdIsNotFound()
    {
        using var response = await server.OwnerClient.GetAsync("/api/compliance/security-events/evt_doesnotexist0000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", (await Json.ReadAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnknownRoutesAnswerWithTheMudbaseErrorBody()
    {
        using var response = await server.OwnerClient.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", (await Json.ReadAsync(response)).GetProperty("code").GetString());
    }

    private static async Task<JsonElement> AssertValidationProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await Json.ReadAsync(response);
        Assert.Equal("VALIDATION_ERROR", body.GetProperty("code").GetString());
        return body.GetProperty("details");
    }
}

public sealed class SecurityEventLoggingOnSqlite(SqliteServer server) : SecurityEventLoggingTests(server), IClassFixture<SqliteServer>;

public sealed class SecurityEventLoggingOnPostgres(PostgresServer server) : SecurityEventLoggingTests(server), IClassFixture<PostgresServer>;
