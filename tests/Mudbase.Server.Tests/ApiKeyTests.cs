using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class ApiKeyTests(ServerFixture server)
{
    private const string Write = "events:write";
    private const string Read = "events:read";

    [Fact]
    public async Task CreatingAKeyShowsItsSecretOnceAndListingNeverShowsIt()
    {
        using var created = await server.OwnerClient.PostAsJsonAsync("/api/api-keys", new { name = "billing service", scopes = new[] { Write }, currentPassword = TestAccounts.Password });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json.ReadAsync(created);
        var secret = body.GetProperty("secret").GetString()!;
        var key = body.GetProperty("apiKey");
        Assert.Matches("^mudbase_sk_live_[A-Za-z0-9_-]{40,}$", secret);
        Assert.Matches("^key_[0-9A-Za-z]{20,}$", key.GetProperty("id").GetString());
        Assert.Equal("billing service", key.GetProperty("name").GetString());
        Assert.Equal(secret.Substring("mudbase_sk_live_".Length, 8), key.GetProperty("prefix").GetString());
        Assert.Equal([Write], key.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.True(key.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        using var list = await server.OwnerClient.GetAsync("/api/api-keys");
        var text = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
        var listed = (await Json.ReadAsync(list)).GetProperty("apiKeys").EnumerateArray()
            .Single(k => k.GetProperty("id").GetString() == key.GetProperty("id").GetString());
        Assert.Equal(key.GetProperty("prefix").GetString(), listed.GetProperty("prefix").GetString());
    }

    [Fact]
    public async Task AWriteKeyLogsEventsAsItselfButCannotReadThem()
    {
        var (keyId, secret) = await server.OwnerClient.CreateKeyAsync(Write);
        var key = server.Factory.WithKey(secret);

        using var logged = await key.PostEventAsync(Json.SeedExample);
        Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        var eventId = (await Json.ReadAsync(logged)).GetProperty("eventId").GetString();
        using var readByKey = await key.GetAsync($"/api/compliance/security-events/{eventId}");
        using var readByOwner = await server.OwnerClient.GetAsync($"/api/compliance/security-events/{eventId}");

        Assert.Equal(HttpStatusCode.Forbidden, readByKey.StatusCode);
        Assert.Equal("FORBIDDEN", await OrgAccess.CodeAsync(readByKey));
        Assert.Equal(keyId, (await Json.ReadAsync(readByOwner)).GetProperty("event").GetProperty("actor").GetString());
    }

    [Fact]
    public async Task AReadKeyReadsTheLedgerButCannotLog()
    {
        var (_, secret) = await server.OwnerClient.CreateKeyAsync(Read);
        var key = server.Factory.WithKey(secret);

        using var logged = await key.PostEventAsync(Json.SeedExample);
        using var checkpoint = await key.GetAsync("/api/compliance/ledger/checkpoint");

        Assert.Equal(HttpStatusCode.Forbidden, logged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, checkpoint.StatusCode);
        Assert.Equal(server.Owner.OrgId, (await Json.ReadAsync(checkpoint)).GetProperty("origin").GetString()!.Split('/')[^1]);
    }

    [Fact]
    public async Task ARevokedKeyIsUnauthorizedAndNoLongerListed()
    {
        var (keyId, secret) = await server.OwnerClient.CreateKeyAsync(Write, Read);
        var key = server.Factory.WithKey(secret);
        using var before = await key.GetAsync("/api/compliance/ledger/checkpoint");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var revoke = await server.OwnerClient.DeleteAsync($"/api/api-keys/{keyId}");
        using var after = await key.GetAsync("/api/compliance/ledger/checkpoint");
        using var again = await server.OwnerClient.DeleteAsync($"/api/api-keys/{keyId}");
        using var list = await server.OwnerClient.GetAsync("/api/api-keys");

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("UNAUTHORIZED", await OrgAccess.CodeAsync(after));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain((await Json.ReadAsync(list)).GetProperty("apiKeys").EnumerateArray(), k => k.GetProperty("id").GetString() == keyId);
        var recorded = await server.EventsOfTypeAsync(server.Owner.OrgId, "api_key_revoked");
        Assert.Equal(server.Owner.UserId, Assert.Single(recorded, e => e.Details["resource"] == keyId).Details["changedBy"]);
    }

    [Fact]
    public async Task AnExpiredKeyIsUnauthorized()
    {
        var expiresAt = DateTimeOffset.UtcNow.AddHours(1);
        using var created = await server.OwnerClient.PostAsJsonAsync("/api/api-keys", new { name = "short-lived", scopes = new[] { Read }, expiresAt, currentPassword = TestAccounts.Password });
        var body = await Json.ReadAsync(created);
        Assert.Equal(expiresAt.ToUnixTimeMilliseconds(), body.GetProperty("apiKey").GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        var key = server.Factory.WithKey(body.GetProperty("secret").GetString()!);

        using (server.Factory.Clock.Advance(TimeSpan.FromHours(2)))
        {
            using var expired = await key.GetAsync("/api/compliance/ledger/checkpoint");
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        }
        using var valid = await key.GetAsync("/api/compliance/ledger/checkpoint");
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }

    [Fact]
    public async Task WhenATokenAndAKeyAreBothSentTheTokenDecides()
    {
        var member = await server.JoinAsync("member");
        var (_, secret) = await server.OwnerClient.CreateKeyAsync(Write, Read);

        var memberWithKey = server.Factory.Authorized(member.Token);
        memberWithKey.DefaultRequestHeaders.Add("X-API-Key", secret);
        var badTokenWithKey = server.Factory.Authorized("not.a.jwt");
        badTokenWithKey.DefaultRequestHeaders.Add("X-API-Key", secret);

        using var read = await memberWithKey.GetAsync("/api/compliance/ledger/checkpoint");
        using var logged = await memberWithKey.PostEventAsync(Json.SeedExample);
        using var rejected = await badTokenWithKey.GetAsync("/api/compliance/ledger/checkpoint");

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        var eventId = (await Json.ReadAsync(logged)).GetProperty("eventId").GetString();
        using var stored = await server.OwnerClient.GetAsync($"/api/compliance/security-events/{eventId}");
        Assert.Equal(member.UserId, (await Json.ReadAsync(stored)).GetProperty("event").GetProperty("actor").GetString());
    }

    [Fact]
    public async Task KeysNeverReachAccountMemberInviteOrKeyManagement()
    {
        var (keyId, secret) = await server.OwnerClient.CreateKeyAsync(Write, Read);
        var key = server.Factory.WithKey(secret);

        var responses = new[]
        {
            await key.GetAsync("/api/org/members"),
            await key.PatchAsJsonAsync($"/api/org/members/{server.Owner.UserId}", new { role = "viewer" }),
            await key.DeleteAsync($"/api/org/members/{server.Owner.UserId}"),
            await key.PostAsJsonAsync("/api/org/invites", new { email = "k@northwind.dev", role = "owner" }),
            await key.PostAsJsonAsync("/api/api-keys", new { name = "child", scopes = new[] { Read } }),
            await key.GetAsync("/api/api-keys"),
            await key.DeleteAsync($"/api/api-keys/{keyId}"),
            await key.GetAsync("/api/users/me"),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("FORBIDDEN", await OrgAccess.CodeAsync(response));
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            response.Dispose();
        }
    }

    [Fact]
    public async Task LastUseIsRecordedAtMostOnceAMinute()
    {
        var (keyId, secret) = await server.OwnerClient.CreateKeyAsync(Read);
        var key = server.Factory.WithKey(secret);
        Assert.Null(await LastUsedAsync(keyId));

        (await key.GetAsync("/api/compliance/ledger/checkpoint")).EnsureSuccessStatusCode();
        var first = await LastUsedAsync(keyId);
        (await key.GetAsync("/api/compliance/ledger/checkpoint")).EnsureSuccessStatusCode();
        var second = await LastUsedAsync(keyId);
        DateTimeOffset? third;
        using (server.Factory.Clock.Advance(TimeSpan.FromMinutes(2)))
        {
            (await key.GetAsync("/api/compliance/ledger/checkpoint")).EnsureSuccessStatusCode();
            third = await LastUsedAsync(keyId);
        }

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.True(third >= first + TimeSpan.FromMinutes(2), $"{third} should be two minutes after {first}");
    }

    [Fact]
    public async Task MalformedAndUnknownKeysAreUnauthorized()
    {
        using var malformed = await server.Factory.WithKey("hunter2").GetAsync("/api/compliance/ledger/checkpoint");
        using var unknown = await server.Factory.WithKey("mudbase_sk_live_" + new string('A', 43)).PostEventAsync(Json.SeedExample);

        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("UNAUTHORIZED", await OrgAccess.CodeAsync(unknown));
    }

    [Fact]
    public async Task EveryBadFieldIsNamed()
    {
        using var response = await server.OwnerClient.PostAsJsonAsync("/api/api-keys",
            new { scopes = new[] { "events:delete", Read, Read }, expiresAt = "2001-01-01T00:00:00Z" });
        using var empty = await server.OwnerClient.PostAsJsonAsync("/api/api-keys", new { name = "x", scopes = Array.Empty<string>(), expiresAt = "soon" });

        // The official contract's createApiKey 400 lists the problems as strings: "field" message.
        var details = (await Json.ReadAsync(response)).GetProperty("details").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(details, d => d.StartsWith("\"name\" ", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("\"scopes[0]\" ", StringComparison.Ordinal) && d.Contains("events:write, events:read", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("\"scopes[2]\" ", StringComparison.Ordinal));
        Assert.Contains("\"expiresAt\" must be in the future", details);
        var emptyDetails = (await Json.ReadAsync(empty)).GetProperty("details").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(emptyDetails, d => d.StartsWith("\"scopes\" ", StringComparison.Ordinal));
        Assert.Contains(emptyDetails, d => d.StartsWith("\"expiresAt\" ", StringComparison.Ordinal));
    }

    private async Task<DateTimeOffset?> LastUsedAsync(string keyId)
    {
        using var list = await server.OwnerClient.GetAsync("/api/api-keys");
        var key = (await Json.ReadAsync(list)).GetProperty("apiKeys").EnumerateArray().Single(k => k.GetProperty("id").GetString() == keyId);
        return key.TryGetProperty("lastUsedAt", out var value) ? value.GetDateTimeOffset() : null;
    }
}

public sealed class ApiKeyOnSqlite(SqliteServer server) : ApiKeyTests(server), IClassFixture<SqliteServer>;

public sealed class ApiKeyOnPostgres(PostgresServer server) : ApiKeyTests(server), IClassFixture<PostgresServer>;
