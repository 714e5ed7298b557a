using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>Member and key endpoints see only the caller's organisation: another's ids are unknown, never forbidden.</summary>
public abstract class AccessIsolationTests(ServerFixture server)
{
    [Fact]
    public async Task AnotherOrganisationsMemberIsNotFound()
    {
        var stranger = await TestAccounts.RegisterAsync(server.Factory.CreateClient());

        using var change = await server.OwnerClient.PatchAsJsonAsync($"/api/org/members/{stranger.UserId}", new { role = "viewer" });
        using var remove = await server.OwnerClient.DeleteAsync($"/api/org/members/{stranger.UserId}");
        using var theirs = await server.Factory.Authorized(stranger.Token).GetAsync("/api/org/members");

        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
        Assert.Equal("NOT_FOUND", await OrgAccess.CodeAsync(change));
        Assert.Equal(HttpStatusCode.NotFound, remove.StatusCode);
        var member = Assert.Single((await Json.ReadAsync(theirs)).GetProperty("members").EnumerateArray());
        Assert.Equal("owner", member.GetProperty("role").GetString());
    }

    [Fact]
    public async Task AnotherOrganisationsKeyCannotBeRevokedAndKeepsWorking()
    {
        var stranger = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var (keyId, secret) = await server.Factory.Authorized(stranger.Token).CreateKeyAsync("events:write");

        using var revoke = await server.OwnerClient.DeleteAsync($"/api/api-keys/{keyId}");
        using var logged = await server.Factory.WithKey(secret).PostEventAsync(Json.SeedExample);

        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
    }

    [Fact]
    public async Task ListingsShowNothingOfAnotherOrganisation()
    {
        var (ourKey, _) = await server.OwnerClient.CreateKeyAsync("events:read");
        var ourMember = await server.JoinAsync("member");
        var stranger = server.Factory.Authorized((await TestAccounts.RegisterAsync(server.Factory.CreateClient())).Token);
        var (theirKey, _) = await stranger.CreateKeyAsync("events:read");

        using var theirMembers = await stranger.GetAsync("/api/org/members");
        using var theirKeys = await stranger.GetAsync("/api/api-keys");
        var memberIds = (await Json.ReadAsync(theirMembers)).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetString()).ToList();
        var keyIds = (await Json.ReadAsync(theirKeys)).GetProperty("apiKeys").EnumerateArray().Select(k => k.GetProperty("id").GetString()).ToList();

        Assert.DoesNotContain(server.Owner.UserId, memberIds);
        Assert.DoesNotContain(ourMember.UserId, memberIds);
        Assert.Equal([theirKey], keyIds);
        Assert.DoesNotContain(ourKey, keyIds);
    }

    [Fact]
    public async Task AKeyReadsAndWritesOnlyItsOwnOrganisation()
    {
        var stranger = server.Factory.Authorized((await TestAccounts.RegisterAsync(server.Factory.CreateClient())).Token);
        using var theirs = await stranger.PostEventAsync(Json.SeedExample);
        var theirEvent = (await Json.ReadAsync(theirs)).GetProperty("eventId").GetString();
        var (_, secret) = await server.OwnerClient.CreateKeyAsync("events:read", "events:write");
        var key = server.Factory.WithKey(secret);

        using var read = await key.GetAsync($"/api/compliance/security-events/{theirEvent}");
        using var proof = await key.GetAsync($"/api/compliance/security-events/{theirEvent}/proof");
        using var logged = await key.PostEventAsync(Json.SeedExample);
        var ours = (await Json.ReadAsync(logged)).GetProperty("eventId").GetString();
        using var strangerReadsOurs = await stranger.GetAsync($"/api/compliance/security-events/{ours}");
        using var ownerReadsOurs = await server.OwnerClient.GetAsync($"/api/compliance/security-events/{ours}");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, proof.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangerReadsOurs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownerReadsOurs.StatusCode);
    }

    [Fact]
    public async Task AnInviteJoinsOnlyTheOrganisationThatIssuedIt()
    {
        var stranger = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var joined = await server.JoinAsync("admin", server.Factory.Authorized(stranger.Token));

        Assert.Equal(stranger.OrgId, joined.OrgId);
        using var ours = await server.OwnerClient.GetAsync("/api/org/members");
        Assert.DoesNotContain((await Json.ReadAsync(ours)).GetProperty("members").EnumerateArray(),
            m => m.GetProperty("userId").GetString() == joined.UserId);
        using var change = await server.Factory.Authorized(joined.Token).PatchAsJsonAsync(
            $"/api/org/members/{server.Owner.UserId}", new { role = "viewer" });
        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
    }
}

public sealed class AccessIsolationOnSqlite(SqliteServer server) : AccessIsolationTests(server), IClassFixture<SqliteServer>;

public sealed class AccessIsolationOnPostgres(PostgresServer server) : AccessIsolationTests(server), IClassFixture<PostgresServer>;
