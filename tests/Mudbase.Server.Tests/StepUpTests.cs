using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class StepUpTests(ServerFixture server)
{
    private const string NewPassword = "a much longer passphrase";

    [Fact]
    public async Task ChangingThePasswordRevokesEveryOtherSessionAndAnswersANewPair()
    {
        var owner = await server.NewOwnerAsync();
        var other = OrgAccess.ReadAccount(owner.Email, await server.LoginAsync(owner));
        var client = server.Factory.Authorized(owner.Token);

        using var wrong = await client.PatchAsJsonAsync("/api/users/password", new { currentPassword = "not the password", newPassword = NewPassword });
        using var tooShort = await client.PatchAsJsonAsync("/api/users/password", new { currentPassword = owner.Password, newPassword = "short" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.True((await Json.ReadAsync(tooShort)).GetProperty("details").TryGetProperty("newPassword", out _));
        Assert.Equal("Login successful", (await server.LoginAsync(owner)).GetProperty("message").GetString());

        using var changed = await client.PatchAsJsonAsync("/api/users/password", new { currentPassword = owner.Password, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = await Json.ReadAsync(changed);
        Assert.Equal("Password changed successfully", body.GetProperty("message").GetString());

        using var otherRefresh = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = other.RefreshToken });
        using var newRefresh = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh",
            new { refreshToken = body.GetProperty("refreshToken").GetString() });
        using var oldLogin = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password });
        using var newLogin = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = owner.Email, password = NewPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, otherRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldLogin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newLogin.StatusCode);
        var recorded = Assert.Single(await server.EventsOfTypeAsync(owner.OrgId, "password_changed"));
        Assert.Equal(owner.UserId, recorded.Details["userId"]);
    }

    [Fact]
    public async Task WithTwoFactorOnAPasswordChangeAlsoNeedsACode()
    {
        var owner = await server.NewOwnerAsync();
        var (secret, _) = await server.EnableTwoFactorAsync(owner);
        var client = server.Factory.Authorized(owner.Token);

        using var noCode = await client.PatchAsJsonAsync("/api/users/password", new { currentPassword = owner.Password, newPassword = NewPassword });
        using var withCode = await client.PatchAsJsonAsync("/api/users/password",
            new { currentPassword = owner.Password, newPassword = NewPassword, code = server.CodeAt(secret, 1) });

        Assert.Equal(HttpStatusCode.Unauthorized, noCode.StatusCode);
        Assert.Equal("MFA_REQUIRED", await OrgAccess.CodeAsync(noCode));
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
    }

    [Fact]
    public async Task OnceTheSignInIsNoLongerRecentCreatingAnApiKeyNeedsTheCurrentPasswordAndCreatesNothingWithoutIt()
    {
        var owner = await server.NewOwnerAsync();
        var client = server.Factory.Authorized(owner.Token);
        using var later = server.Factory.Clock.Advance(TimeSpan.FromMinutes(6));

        using var missing = await client.PostAsJsonAsync("/api/api-keys", new { name = "ingest", scopes = new[] { "events:write" } });
        using var wrong = await client.PostAsJsonAsync("/api/api-keys", new { name = "ingest", scopes = new[] { "events:write" }, currentPassword = "nope nope" });
        using var none = await client.GetAsync("/api/api-keys");
        using var created = await client.PostAsJsonAsync("/api/api-keys", new { name = "ingest", scopes = new[] { "events:write" }, currentPassword = owner.Password });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("is required to confirm this action", (await Json.ReadAsync(missing)).GetProperty("details").GetProperty("currentPassword").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(0, (await Json.ReadAsync(none)).GetProperty("apiKeys").GetArrayLength());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task AFreshSignInCreatesAnApiKeyWithoutThePasswordButATokenFromARefreshDoesNot()
    {
        var owner = await server.NewOwnerAsync();
        using var refreshed = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = owner.RefreshToken });
        var refreshedToken = (await Json.ReadAsync(refreshed)).GetProperty("token").GetString()!;

        using var fresh = await server.Factory.Authorized(owner.Token).PostAsJsonAsync("/api/api-keys", new { name = "fresh", scopes = new[] { "events:write" } });
        using var stale = await server.Factory.Authorized(refreshedToken).PostAsJsonAsync("/api/api-keys", new { name = "stale", scopes = new[] { "events:write" } });

        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal("is required to confirm this action", (await Json.ReadAsync(stale)).GetProperty("details").GetProperty("currentPassword").GetString());
    }

    [Fact]
    public async Task OnceTheSignInIsNoLongerRecentInvitingAnOwnerNeedsTheCurrentPasswordButInvitingAMemberDoesNot()
    {
        var owner = await server.NewOwnerAsync();
        var client = server.Factory.Authorized(owner.Token);
        using var later = server.Factory.Clock.Advance(TimeSpan.FromMinutes(6));

        using var ownerWithout = await client.PostAsJsonAsync("/api/org/invites", new { email = $"o-{Guid.NewGuid():N}@northwind.dev", role = "owner" });
        using var ownerWith = await client.PostAsJsonAsync("/api/org/invites",
            new { email = $"o-{Guid.NewGuid():N}@northwind.dev", role = "owner", currentPassword = owner.Password });
        using var member = await client.PostAsJsonAsync("/api/org/invites", new { email = $"m-{Guid.NewGuid():N}@northwind.dev", role = "member" });

        Assert.Equal(HttpStatusCode.BadRequest, ownerWithout.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ownerWith.StatusCode);
        Assert.Equal(HttpStatusCode.Created, member.StatusCode);
    }

    [Fact]
    public async Task UpdatingTheProfileChangesNamesAndAnEmailChangeNeedsThePassword()
    {
        var owner = await server.NewOwnerAsync();
        var client = server.Factory.Authorized(owner.Token);
        var newEmail = $"renamed-{Guid.NewGuid():N}@northwind.dev";

        using var names = await client.PatchAsJsonAsync("/api/users/update", new { firstName = "Jordan", lastName = "Lee", avatar = "https://example.com/a.png" });
        using var badAvatar = await client.PatchAsJsonAsync("/api/users/update", new { avatar = "javascript:alert(1)" });
        using var emailWithout = await client.PatchAsJsonAsync("/api/users/update", new { email = newEmail });
        using var emailWith = await client.PatchAsJsonAsync("/api/users/update", new { email = newEmail, currentPassword = owner.Password });

        Assert.Equal(HttpStatusCode.OK, names.StatusCode);
        var user = (await Json.ReadAsync(names)).GetProperty("user");
        Assert.Equal("Jordan", user.GetProperty("firstName").GetString());
        Assert.Equal("Lee", user.GetProperty("lastName").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badAvatar.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, emailWithout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, emailWith.StatusCode);
        Assert.Equal(newEmail, (await Json.ReadAsync(emailWith)).GetProperty("user").GetProperty("email").GetString());
        using var login = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = newEmail, password = owner.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(2, (await server.EventsOfTypeAsync(owner.OrgId, "profile_updated")).Count);
    }

    [Fact]
    public async Task AnEmailTakenByAnotherAccountIsAConflict()
    {
        var owner = await server.NewOwnerAsync();
        var other = await server.NewOwnerAsync();

        using var taken = await server.Factory.Authorized(owner.Token).PatchAsJsonAsync("/api/users/update",
            new { email = other.Email, currentPassword = owner.Password });

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }
}

public sealed class StepUpOnSqlite(SqliteServer server) : StepUpTests(server), IClassFixture<SqliteServer>;

public sealed class StepUpOnPostgres(PostgresServer server) : StepUpTests(server), IClassFixture<PostgresServer>;
