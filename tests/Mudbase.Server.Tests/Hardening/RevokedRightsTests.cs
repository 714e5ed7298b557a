using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Hardening;

/// <summary>Membership and role are read per request: a removed or demoted admin loses their rights at once.</summary>
public abstract class RevokedRightsTests(ServerFixture server)
{
    [Fact]
    public async Task ARemovedAdminsStillValidTokenCanNeitherCreateKeysNorInvite()
    {
        var admin = await server.JoinAsync("admin");
        var adminClient = server.Factory.Authorized(admin.Token);
        using (var removed = await server.OwnerClient.DeleteAsync($"/api/org/members/{admin.UserId}"))
            Assert.True(removed.IsSuccessStatusCode, $"removal answered {removed.StatusCode}");

        using var key = await adminClient.PostAsJsonAsync("/api/api-keys", new { name = "late", scopes = new[] { "events:read" } });
        using var invite = await adminClient.PostAsJsonAsync("/api/org/invites", new { email = $"x-{Guid.NewGuid():N}@northwind.dev", role = "admin" });
        using var read = await adminClient.GetAsync("/api/compliance/security-events");

        Assert.Equal(HttpStatusCode.Unauthorized, key.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, invite.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Fact]
    public async Task ADemotedAdminActsWithTheNewRoleOnTheirNextRequest()
    {
        var admin = await server.JoinAsync("admin");
        var adminClient = server.Factory.Authorized(admin.Token);
        using (var demoted = await server.OwnerClient.PatchAsJsonAsync($"/api/org/members/{admin.UserId}", new { role = "member" }))
            Assert.True(demoted.IsSuccessStatusCode, $"demotion answered {demoted.StatusCode}");

        using var key = await adminClient.PostAsJsonAsync("/api/api-keys", new { name = "late", scopes = new[] { "events:read" } });
        using var members = await adminClient.GetAsync("/api/org/members");
        using var write = await adminClient.PostEventAsync(Json.SeedExample);

        Assert.Equal(HttpStatusCode.Forbidden, key.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, members.StatusCode);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
    }

    [Fact]
    public async Task AKeyStopsWorkingWhenItsCreatorIsNoLongerAnAdmin()
    {
        var admin = await server.JoinAsync("admin");
        var (_, secret) = await server.Factory.Authorized(admin.Token).CreateKeyAsync("events:write");
        using (var before = await server.Factory.WithKey(secret).PostEventAsync(Json.SeedExample))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var demoted = await server.OwnerClient.PatchAsJsonAsync($"/api/org/members/{admin.UserId}", new { role = "auditor" }))
            Assert.True(demoted.IsSuccessStatusCode);

        using var after = await server.Factory.WithKey(secret).PostEventAsync(Json.SeedExample);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}

public sealed class RevokedRightsOnSqlite(SqliteServer server) : RevokedRightsTests(server), IClassFixture<SqliteServer>;

public sealed class RevokedRightsOnPostgres(PostgresServer server) : RevokedRightsTests(server), IClassFixture<PostgresServer>;
