using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Storage;
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

    // The per-request check refuses a demoted admin before any handler runs; the store checks the creator's role again
    // in the insert itself, so a demotion that commits between the two cannot let a key or invite through.
    [Fact]
    public async Task TheStoreRefusesAKeyOrInviteWhoseCreatorIsNoLongerAllowedInTheSameStatement()
    {
        var member = await server.JoinAsync("member");
        var store = server.Factory.Services.GetRequiredService<IAccessStore>();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        string[] administrators = ["owner", "admin"];

        var key = new ApiKeyRecord($"key_{Guid.NewGuid():N}", member.OrgId, "late", "abcdefgh", Guid.NewGuid().ToString("N"),
            ["events:read"], member.UserId, now, null, null, null);
        var invite = new InviteRecord($"inv_{Guid.NewGuid():N}", member.OrgId, $"x-{Guid.NewGuid():N}@northwind.dev", "admin",
            Guid.NewGuid().ToString("N"), member.UserId, now, now.AddDays(7), null);
        var ownerInvite = invite with { Id = $"inv_{Guid.NewGuid():N}", TokenHash = Guid.NewGuid().ToString("N"), Role = "owner", InvitedBy = server.Owner.UserId };

        Assert.False(await store.AddApiKeyAsync(key, administrators, CancellationToken.None));
        Assert.False(await store.AddInviteAsync(invite, administrators, CancellationToken.None));
        Assert.True(await store.AddInviteAsync(ownerInvite, ["owner"], CancellationToken.None));
        Assert.True(await store.AddApiKeyAsync(key with { CreatedBy = server.Owner.UserId }, administrators, CancellationToken.None));
        Assert.DoesNotContain((await store.ListApiKeysAsync(member.OrgId, CancellationToken.None)), k => k.CreatedBy == member.UserId);
    }
}

public sealed class RevokedRightsOnSqlite(SqliteServer server) : RevokedRightsTests(server), IClassFixture<SqliteServer>;

public sealed class RevokedRightsOnPostgres(PostgresServer server) : RevokedRightsTests(server), IClassFixture<PostgresServer>;
