using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Compliance.Idempotency;
using Mudbase.Server.Tests.Infrastructure;
using static Mudbase.Server.Tests.Infrastructure.IdempotentPosts;

namespace Mudbase.Server.Tests;

public abstract class IdempotencyKeyTests(ServerFixture server)
{
    private const string Batch = """{"events":[{"eventType":"bulk_data_export","severity":"low"},{"eventType":"brute_force_attempt","severity":"high"}]}""";

    [Fact]
    public async Task RepeatingAKeyWithTheSameEventAnswersTheFirstResponseAndRecordsNothingNew()
    {
        var (client, orgId) = await NewOrgAsync();
        var key = NewKey();

        using var first = await client.PostWithKeyAsync(EventPath, Json.SeedExample, key);
        using var second = await client.PostWithKeyAsync(EventPath, Json.SeedExample, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.False(first.Headers.Contains(IdempotentWrites.ReplayedHeader));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues(IdempotentWrites.ReplayedHeader)));
        var stored = Assert.Single(await server.Factory.Services.GetStoredEventsAsync(orgId));
        Assert.Equal((await Json.ReadAsync(first)).GetProperty("eventId").GetString(), stored.Id);
    }

    [Fact]
    public async Task RepeatingAKeyWithTheSameBatchAnswersTheSameEventIdsAndRecordsNothingNew()
    {
        var (client, orgId) = await NewOrgAsync();
        var key = NewKey();

        using var first = await client.PostWithKeyAsync(BatchPath, Batch, key);
        using var second = await client.PostWithKeyAsync(BatchPath, Batch, key);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var ids = (await Json.ReadAsync(first)).GetProperty("eventIds").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(ids, (await server.Factory.Services.GetStoredEventsAsync(orgId)).Select(e => e.Id));
    }

    [Fact]
    public async Task WhitespaceAndMemberOrderDoNotMakeADifferentRequest()
    {
        var (client, orgId) = await NewOrgAsync();
        var key = NewKey();

        using var first = await client.PostWithKeyAsync(EventPath, """{"eventType":"brute_force_attempt","severity":"high"}""", key);
        using var second = await client.PostWithKeyAsync(EventPath, """{ "severity": "high",  "eventType": "brute_force_attempt" }""", key);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(await server.Factory.Services.GetStoredEventsAsync(orgId));
    }

    [Theory]
    [InlineData(EventPath, """{"eventType":"brute_force_attempt","severity":"low"}""")]
    [InlineData(BatchPath, """{"events":[{"eventType":"brute_force_attempt","severity":"high"}]}""")]
    public async Task ReusingAKeyForADifferentRequestIsRefusedWithTheMismatchCode(string path, string json)
    {
        var (client, orgId) = await NewOrgAsync();
        var key = NewKey();
        using var first = await client.PostWithKeyAsync(EventPath, """{"eventType":"brute_force_attempt","severity":"high"}""", key);

        using var reused = await client.PostWithKeyAsync(path, json, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("IDEMPOTENCY_KEY_MISMATCH", await OrgAccess.CodeAsync(reused));
        Assert.Single(await server.Factory.Services.GetStoredEventsAsync(orgId));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("two words")]
    [InlineData("back\\slash")]
    [InlineData("caf\u00e9")]
    public async Task MalformedKeysAreValidationErrorsAndRecordNothing(string key)
    {
        var (client, orgId) = await NewOrgAsync();

        using var response = await client.PostWithKeyAsync(EventPath, Json.SeedExample, key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty("Idempotency-Key", out _));
        Assert.Empty(await server.Factory.Services.GetStoredEventsAsync(orgId));
    }

    [Fact]
    public async Task KeysLongerThan255CharactersOrSentTwiceAreValidationErrors()
    {
        var (client, _) = await NewOrgAsync();

        using var tooLong = await client.PostWithKeyAsync(EventPath, Json.SeedExample, new string('k', 256));
        using var twice = await client.PostWithKeyAsync(EventPath, Json.SeedExample, "one", "two");
        using var longest = await client.PostWithKeyAsync(EventPath, Json.SeedExample, new string('k', 255));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Fact]
    public async Task TheSameKeyFromAnotherOrganisationOrAnotherCredentialIsAnotherRequest()
    {
        var (owner, orgId) = await NewOrgAsync();
        var (stranger, strangerOrg) = await NewOrgAsync();
        var (_, secret) = await owner.CreateKeyAsync("events:write");
        using var keyClient = server.Factory.WithKey(secret);
        var key = NewKey();

        foreach (var client in new[] { owner, stranger, keyClient })
        {
            using var response = await client.PostWithKeyAsync(EventPath, Json.SeedExample, key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains(IdempotentWrites.ReplayedHeader));
        }

        Assert.Equal(2, (await server.Factory.Services.GetStoredEventsAsync(orgId)).Count(e => e.EventType == "unauthorized_access_attempt"));
        Assert.Single(await server.Factory.Services.GetStoredEventsAsync(strangerOrg));
    }

    [Fact]
    public async Task ConcurrentDuplicatesRecordExactlyOneEventAndEachAnswerIsItsResultOrInUse()
    {
        var (client, orgId) = await NewOrgAsync();
        var keys = Enumerable.Range(0, 8).Select(_ => NewKey()).ToList();

        var responses = await Task.WhenAll(keys.SelectMany(key => Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await client.PostWithKeyAsync(EventPath, Json.SeedExample, key);
            var body = await Json.ReadAsync(response);
            return (Key: key, response.StatusCode, Body: body);
        })));

        var stored = await server.Factory.Services.GetStoredEventsAsync(orgId);
        Assert.Equal(keys.Count, stored.Count);
        foreach (var group in responses.GroupBy(r => r.Key))
        {
            Assert.All(group, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{r.StatusCode}: {r.Body}"));
            Assert.All(group.Where(r => r.StatusCode == HttpStatusCode.Conflict),
                r => Assert.Equal("IDEMPOTENCY_KEY_IN_USE", r.Body.GetProperty("code").GetString()));
            var ids = group.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Body.GetProperty("eventId").GetString()).Distinct();
            Assert.Contains(Assert.Single(ids), stored.Select(e => e.Id));
        }
    }

    [Fact]
    public async Task AKeyOlderThanItsRetentionRecordsAgainAndTheCleanupDeletesIt()
    {
        var (client, orgId) = await NewOrgAsync();
        var key = NewKey();
        using var first = await client.PostWithKeyAsync(EventPath, Json.SeedExample, key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using (server.Factory.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1)))
        {
            Assert.True(await server.Factory.Services.GetRequiredService<IdempotencyCleanup>().SweepAsync(CancellationToken.None) >= 1);
            using var again = await client.PostWithKeyAsync(EventPath, Json.SeedExample, key);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.False(again.Headers.Contains(IdempotentWrites.ReplayedHeader));
        }

        Assert.Equal(2, (await server.Factory.Services.GetStoredEventsAsync(orgId)).Count);
        using var replay = await client.PostWithKeyAsync(EventPath, Json.SeedExample, key);
        Assert.True(replay.Headers.Contains(IdempotentWrites.ReplayedHeader));
    }

    [Fact]
    public async Task AnExpiredKeyThatWasNotYetCleanedUpIsReplacedNotReplayed()
    {
        var (client, orgId) = await NewOrgAsync();
        var key = NewKey();
        using var first = await client.PostWithKeyAsync(EventPath, """{"eventType":"brute_force_attempt","severity":"high"}""", key);

        using (server.Factory.Clock.Advance(TimeSpan.FromHours(25)))
        {
            using var different = await client.PostWithKeyAsync(EventPath, """{"eventType":"brute_force_attempt","severity":"low"}""", key);
            Assert.Equal(HttpStatusCode.OK, different.StatusCode);
            using var replay = await client.PostWithKeyAsync(EventPath, """{"eventType":"brute_force_attempt","severity":"low"}""", key);
            Assert.Equal((await Json.ReadAsync(different)).GetProperty("eventId").GetString(),
                (await Json.ReadAsync(replay)).GetProperty("eventId").GetString());
        }

        Assert.Equal(2, (await server.Factory.Services.GetStoredEventsAsync(orgId)).Count);
    }

    private async Task<(HttpClient Client, string OrgId)> NewOrgAsync()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        return (server.Factory.Authorized(account.Token), account.OrgId);
    }
}

public sealed class IdempotencyKeyOnSqlite(SqliteServer server) : IdempotencyKeyTests(server), IClassFixture<SqliteServer>;

public sealed class IdempotencyKeyOnPostgres(PostgresServer server) : IdempotencyKeyTests(server), IClassFixture<PostgresServer>;
