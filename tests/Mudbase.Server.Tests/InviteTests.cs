using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class InviteTests(ServerFixture server)
{
    private static object NewAccount(string token) =>
        new { token, password = TestAccounts.Password, firstName = "Riley", lastName = "Park" };

    [Fact]
    public async Task CreatingAnInviteReturnsATokenThatExpiresInSevenDays()
    {
        using var response = await server.OwnerClient.PostAsJsonAsync("/api/org/invites",
            new { email = $"new-{Guid.NewGuid():N}@northwind.dev", role = "auditor" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Matches("^inv_[0-9A-Za-z]{20,}$", body.GetProperty("inviteId").GetString());
        Assert.True(body.GetProperty("token").GetString()!.Length >= 40);
        var expiresIn = body.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task AcceptingCreatesTheAccountInTheOrganisationWithTheInvitedRoleAndSignsIn()
    {
        var email = $"auditor-{Guid.NewGuid():N}@northwind.dev";
        var token = await server.OwnerClient.InviteAsync(email, "auditor");

        using var response = await server.Factory.CreateClient().PostAsJsonAsync(OrgAccess.AcceptPath, NewAccount(token));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json.ReadAsync(response);
        var user = body.GetProperty("user");
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal("auditor", user.GetProperty("role").GetString());
        Assert.Equal(server.Owner.OrgId, user.GetProperty("orgId").GetString());
        Assert.Equal(1800, body.GetProperty("expiresIn").GetInt32());
        // An auditor's token reads the organisation's ledger, and the password signs in later.
        using var checkpoint = await server.Factory.Authorized(body.GetProperty("token").GetString()!).GetAsync("/api/compliance/ledger/checkpoint");
        Assert.Equal(HttpStatusCode.OK, checkpoint.StatusCode);
        using var login = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = TestAccounts.Password });
        Assert.Equal(server.Owner.OrgId, (await Json.ReadAsync(login)).GetProperty("user").GetProperty("orgId").GetString());
    }

    [Fact]
    public async Task AnInviteWorksOnlyOnce()
    {
        var token = await server.OwnerClient.InviteAsync($"once-{Guid.NewGuid():N}@northwind.dev", "member");
        using var first = await server.Factory.CreateClient().PostAsJsonAsync(OrgAccess.AcceptPath, NewAccount(token));
        using var second = await server.Factory.CreateClient().PostAsJsonAsync(OrgAccess.AcceptPath, NewAccount(token));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal("NOT_FOUND", await OrgAccess.CodeAsync(second));
    }

    [Fact]
    public async Task AnUnknownInviteTokenIsNotFound()
    {
        using var response = await server.Factory.CreateClient().PostAsJsonAsync(OrgAccess.AcceptPath, NewAccount("mudbase_inv_forged"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", await OrgAccess.CodeAsync(response));
    }

    [Fact]
    public async Task AnInviteExpiresAfterSevenDays()
    {
        var token = await server.OwnerClient.InviteAsync($"late-{Guid.NewGuid():N}@northwind.dev", "member");

        using (server.Factory.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1)))
        {
            using var expired = await server.Factory.CreateClient().PostAsJsonAsync(OrgAccess.AcceptPath, NewAccount(token));
            Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
            Assert.Contains("expired", (await Json.ReadAsync(expired)).GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        // A failed attempt does not spend the invite: back within its lifetime it still works.
        using (server.Factory.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1)))
        {
            using var inTime = await server.Factory.CreateClient().PostAsJsonAsync(OrgAccess.AcceptPath, NewAccount(token));
            Assert.Equal(HttpStatusCode.Created, inTime.StatusCode);
        }
    }

    [Fact]
    public async Task AnAdminCannotInviteAnOwnerButAnOwnerCan()
    {
        var admin = await server.JoinAsync("admin");
        var adminClient = server.Factory.Authorized(admin.Token);

        using var ownerByAdmin = await adminClient.PostAsJsonAsync("/api/org/invites", new { email = $"o-{Guid.NewGuid():N}@northwind.dev", role = "owner" });
        using var adminByAdmin = await adminClient.PostAsJsonAsync("/api/org/invites", new { email = $"a-{Guid.NewGuid():N}@northwind.dev", role = "admin" });
        using var ownerByOwner = await server.OwnerClient.PostAsJsonAsync("/api/org/invites",
            new { email = $"o-{Guid.NewGuid():N}@northwind.dev", role = "owner", currentPassword = TestAccounts.Password });

        Assert.Equal(HttpStatusCode.Forbidden, ownerByAdmin.StatusCode);
        Assert.Equal("FORBIDDEN", await OrgAccess.CodeAsync(ownerByAdmin));
        Assert.Equal(HttpStatusCode.Created, adminByAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ownerByOwner.StatusCode);
    }

    [Fact]
    public async Task AnExistingAccountAcceptsWithItsBearerTokenAndGetsATokenForTheNewOrganisation()
    {
        var elsewhere = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var token = await server.OwnerClient.InviteAsync(elsewhere.Email, "auditor");

        using var response = await server.Factory.Authorized(elsewhere.Token).PostAsJsonAsync(OrgAccess.AcceptPath, new { token });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var joined = OrgAccess.ReadAccount(elsewhere.Email, await Json.ReadAsync(response));
        Assert.Equal(elsewhere.UserId, joined.UserId);
        Assert.Equal(server.Owner.OrgId, joined.OrgId);
        using var members = await server.OwnerClient.GetAsync("/api/org/members");
        var listed = (await Json.ReadAsync(members)).GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("userId").GetString() == elsewhere.UserId);
        Assert.Equal("auditor", listed.GetProperty("role").GetString());
        // The account keeps its own organisation, where it is still the owner.
        using var own = await server.Factory.Authorized(elsewhere.Token).GetAsync("/api/org/members");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Single((await Json.ReadAsync(own)).GetProperty("members").EnumerateArray());
    }

    [Fact]
    public async Task AnAccountCannotAcceptAnInviteSentToAnotherAddressAndTheInviteSurvives()
    {
        var intruder = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var email = $"intended-{Guid.NewGuid():N}@northwind.dev";
        var token = await server.OwnerClient.InviteAsync(email, "admin");

        using var stolen = await server.Factory.Authorized(intruder.Token).PostAsJsonAsync(OrgAccess.AcceptPath, new { token });
        using var rightful = await server.Factory.CreateClient().PostAsJsonAsync(OrgAccess.AcceptPath, NewAccount(token));

        Assert.Equal(HttpStatusCode.Forbidden, stolen.StatusCode);
        Assert.Equal("FORBIDDEN", await OrgAccess.CodeAsync(stolen));
        Assert.Equal(HttpStatusCode.Created, rightful.StatusCode);
    }

    [Fact]
    public async Task AcceptingAsANewAccountWhenTheAddressAlreadyHasOneIsAConflict()
    {
        var existing = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var token = await server.OwnerClient.InviteAsync(existing.Email, "member");

        using var response = await server.Factory.CreateClient().PostAsJsonAsync(OrgAccess.AcceptPath, NewAccount(token));
        using var withToken = await server.Factory.Authorized(existing.Token).PostAsJsonAsync(OrgAccess.AcceptPath, new { token });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("CONFLICT", await OrgAccess.CodeAsync(response));
        Assert.Equal(HttpStatusCode.Created, withToken.StatusCode);
    }

    [Fact]
    public async Task AnInvalidBearerTokenIsUnauthorizedRatherThanIgnored()
    {
        var token = await server.OwnerClient.InviteAsync($"x-{Guid.NewGuid():N}@northwind.dev", "member");
        using var response = await server.Factory.Authorized("not.a.jwt").PostAsJsonAsync(OrgAccess.AcceptPath, NewAccount(token));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task InvitingAnExistingMemberIsAConflict()
    {
        var member = await server.JoinAsync("member");
        using var response = await server.OwnerClient.PostAsJsonAsync("/api/org/invites", new { email = member.Email, role = "admin" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task EveryBadFieldIsNamed()
    {
        using var invite = await server.OwnerClient.PostAsJsonAsync("/api/org/invites", new { email = "not-an-email", role = "superuser" });
        using var accept = await server.Factory.CreateClient().PostAsJsonAsync(OrgAccess.AcceptPath, new { password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, invite.StatusCode);
        var inviteDetails = (await Json.ReadAsync(invite)).GetProperty("details");
        Assert.True(inviteDetails.TryGetProperty("email", out _));
        Assert.Contains("owner, admin, auditor, member, viewer", inviteDetails.GetProperty("role").GetString(), StringComparison.Ordinal);
        var acceptDetails = (await Json.ReadAsync(accept)).GetProperty("details");
        foreach (var field in new[] { "token", "password", "firstName", "lastName" })
            Assert.True(acceptDetails.TryGetProperty(field, out _), $"{field} not named");
    }

    [Fact]
    public async Task JoiningAsAnAdminIsRecordedAsAPrivilegeEscalation()
    {
        var admin = await server.JoinAsync("admin");

        var recorded = await server.EventsOfTypeAsync(server.Owner.OrgId, "admin_privilege_escalation");
        var (stored, details) = Assert.Single(recorded, e => e.Details["userId"] == admin.UserId);
        Assert.Equal("system", stored.Actor);
        Assert.Equal("invite_accepted", details["action"]);
        Assert.Equal(server.Owner.UserId, details["changedBy"]);
        Assert.Contains("admin", details["reason"], StringComparison.Ordinal);
    }
}

public sealed class InviteOnSqlite(SqliteServer server) : InviteTests(server), IClassFixture<SqliteServer>;

public sealed class InviteOnPostgres(PostgresServer server) : InviteTests(server), IClassFixture<PostgresServer>;
