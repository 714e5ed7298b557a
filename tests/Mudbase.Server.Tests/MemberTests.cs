using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class MemberTests(ServerFixture server)
{
    [Fact]
    public async Task ListingShowsEveryMemberWithRoleAndJoinDate()
    {
        var auditor = await server.JoinAsync("auditor");

        using var response = await server.Factory.Authorized(auditor.Token).GetAsync("/api/org/members");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("success").GetBoolean());
        var members = body.GetProperty("members").EnumerateArray().ToList();
        var owner = Assert.Single(members, m => m.GetProperty("userId").GetString() == server.Owner.UserId);
        Assert.Equal("owner", owner.GetProperty("role").GetString());
        Assert.Equal(server.Owner.Email, owner.GetProperty("email").GetString());
        var listed = Assert.Single(members, m => m.GetProperty("userId").GetString() == auditor.UserId);
        Assert.Equal("auditor", listed.GetProperty("role").GetString());
        Assert.Equal("Riley", listed.GetProperty("firstName").GetString());
        Assert.Equal("Park", listed.GetProperty("lastName").GetString());
        Assert.True(listed.GetProperty("joinedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task ARoleChangeTakesEffectOnTheMembersNextRequest()
    {
        var member = await server.JoinAsync("member");
        var before = server.Factory.Authorized(member.Token);
        using var refused = await before.GetAsync("/api/compliance/ledger/checkpoint");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var change = await server.OwnerClient.PatchAsJsonAsync($"/api/org/members/{member.UserId}", new { role = "auditor" });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal("auditor", (await Json.ReadAsync(change)).GetProperty("member").GetProperty("role").GetString());

        // The role is read per request: the token in hand, issued for a member, now acts as an auditor.
        using var allowed = await before.GetAsync("/api/compliance/ledger/checkpoint");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var renewed = await server.RefreshAsync(member);
        using var session = await server.Factory.Authorized(renewed.Token).GetAsync("/api/users/me");
        var user = (await Json.ReadAsync(session)).GetProperty("user");
        Assert.Equal("viewer", user.GetProperty("role").GetString());
        Assert.Equal("auditor", user.GetProperty("customRole").GetString());
    }

    [Fact]
    public async Task TheLastOwnerCannotBeDemotedOrRemoved()
    {
        var founder = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var client = server.Factory.Authorized(founder.Token);

        using var demote = await client.PatchAsJsonAsync($"/api/org/members/{founder.UserId}", new { role = "admin" });
        using var remove = await client.DeleteAsync($"/api/org/members/{founder.UserId}");
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal("CONFLICT", await OrgAccess.CodeAsync(demote));
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);

        // With a second owner, the first may step down.
        var coOwner = await server.JoinAsync("owner", client);
        using var stepDown = await client.PatchAsJsonAsync($"/api/org/members/{founder.UserId}", new { role = "admin" });
        Assert.Equal(HttpStatusCode.OK, stepDown.StatusCode);
        using var lastOne = await server.Factory.Authorized(coOwner.Token).DeleteAsync($"/api/org/members/{coOwner.UserId}");
        Assert.Equal(HttpStatusCode.Conflict, lastOne.StatusCode);
    }

    [Fact]
    public async Task AnAdminCannotGrantChangeOrRemoveTheOwnerRole()
    {
        var admin = server.Factory.Authorized((await server.JoinAsync("admin")).Token);
        var member = await server.JoinAsync("member");

        using var grant = await admin.PatchAsJsonAsync($"/api/org/members/{member.UserId}", new { role = "owner" });
        using var demote = await admin.PatchAsJsonAsync($"/api/org/members/{server.Owner.UserId}", new { role = "member" });
        using var remove = await admin.DeleteAsync($"/api/org/members/{server.Owner.UserId}");
        using var allowed = await admin.PatchAsJsonAsync($"/api/org/members/{member.UserId}", new { role = "admin" });

        Assert.Equal(HttpStatusCode.Forbidden, grant.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
        Assert.Equal("FORBIDDEN", await OrgAccess.CodeAsync(remove));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task RoleChangesAndRemovalsAreRecordedInTheLedgerWithTheRightTypes()
    {
        var member = await server.JoinAsync("member");
        var path = $"/api/org/members/{member.UserId}";

        (await server.OwnerClient.PatchAsJsonAsync(path, new { role = "admin" })).EnsureSuccessStatusCode();
        (await server.OwnerClient.PatchAsJsonAsync(path, new { role = "viewer" })).EnsureSuccessStatusCode();
        (await server.OwnerClient.DeleteAsync(path)).EnsureSuccessStatusCode();

        var escalation = Assert.Single(await server.EventsOfTypeAsync(server.Owner.OrgId, "admin_privilege_escalation"),
            e => e.Details["userId"] == member.UserId);
        Assert.Equal("high", escalation.Event.Severity);
        Assert.Equal("system", escalation.Event.Actor);
        Assert.Equal("role_change", escalation.Details["action"]);
        Assert.Equal("role changed from member to admin", escalation.Details["reason"]);
        Assert.Equal(server.Owner.UserId, escalation.Details["changedBy"]);

        var changed = Assert.Single(await server.EventsOfTypeAsync(server.Owner.OrgId, "role_changed"),
            e => e.Details["userId"] == member.UserId);
        Assert.Equal("role changed from admin to viewer", changed.Details["reason"]);
        Assert.Equal(server.Owner.UserId, changed.Details["changedBy"]);

        var removed = Assert.Single(await server.EventsOfTypeAsync(server.Owner.OrgId, "member_removed"),
            e => e.Details["userId"] == member.UserId);
        Assert.Equal("member_removal", removed.Details["action"]);
        Assert.Contains("viewer", removed.Details["reason"], StringComparison.Ordinal);
        Assert.Equal(server.Owner.UserId, removed.Details["changedBy"]);
        Assert.True(escalation.Event.Sequence < changed.Event.Sequence && changed.Event.Sequence < removed.Event.Sequence);
    }

    [Fact]
    public async Task SettingTheRoleAMemberAlreadyHasChangesNothingAndRecordsNothing()
    {
        var member = await server.JoinAsync("viewer");
        using var response = await server.OwnerClient.PatchAsJsonAsync($"/api/org/members/{member.UserId}", new { role = "viewer" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(await server.EventsOfTypeAsync(server.Owner.OrgId, "role_changed"), e => e.Details["userId"] == member.UserId);
    }

    [Fact]
    public async Task ARemovedMemberCannotRenewTheirSession()
    {
        var member = await server.JoinAsync("member");

        using var remove = await server.OwnerClient.DeleteAsync($"/api/org/members/{member.UserId}");
        using var refresh = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = member.RefreshToken });
        using var list = await server.OwnerClient.GetAsync("/api/org/members");

        Assert.Equal(HttpStatusCode.OK, remove.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.DoesNotContain((await Json.ReadAsync(list)).GetProperty("members").EnumerateArray(),
            m => m.GetProperty("userId").GetString() == member.UserId);
    }

    [Fact]
    public async Task AnUnknownRoleOrMemberIsNamed()
    {
        using var badRole = await server.OwnerClient.PatchAsJsonAsync($"/api/org/members/{server.Owner.UserId}", new { role = "superuser" });
        using var unknown = await server.OwnerClient.PatchAsJsonAsync("/api/org/members/usr_nobody", new { role = "viewer" });
        using var unknownRemoval = await server.OwnerClient.DeleteAsync("/api/org/members/usr_nobody");

        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.True((await Json.ReadAsync(badRole)).GetProperty("details").TryGetProperty("role", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRemoval.StatusCode);
    }
}

public sealed class MemberOnSqlite(SqliteServer server) : MemberTests(server), IClassFixture<SqliteServer>;

public sealed class MemberOnPostgres(PostgresServer server) : MemberTests(server), IClassFixture<PostgresServer>;
