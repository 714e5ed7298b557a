using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class AccountPrivacyTests(ServerFixture server)
{
    public static TheoryData<string> Prefixes => new() { "/api/gdpr", "/api/users/me" };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task TheAccountExportIsAnAttachmentWithTheAccountItsAccessAndItsEvents(string prefix)
    {
        var member = await server.JoinAsync("member");
        var client = server.Factory.Authorized(member.Token);
        var acted = await client.LogAsync(new { eventType = "bulk_data_export", severity = "low" });
        var about = await server.OwnerClient.LogAboutAsync(member.UserId, "about-member");

        using var response = await client.GetAsync(prefix + "/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.DispositionType ?? "");
        var body = await Json.ReadAsync(response);
        Assert.Equal(member.UserId, body.GetProperty("user").GetProperty("_id").GetString());
        Assert.Equal(member.Email, body.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(0, body.GetProperty("projects").GetArrayLength());
        Assert.Equal("member", Assert.Single(body.GetProperty("memberships").EnumerateArray()).GetProperty("role").GetString());
        Assert.True(body.GetProperty("sessions").GetArrayLength() >= 1);
        var events = body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()).ToList();
        Assert.Contains(acted, events);
        Assert.Contains(about, events);
        Assert.DoesNotContain(member.RefreshToken, body.GetRawText());
        Assert.DoesNotContain("keyHash", body.GetRawText());
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task ErasingMyAccountAnonymisesItRevokesEveryCredentialAndErasesMyDetails(string prefix)
    {
        var admin = await server.JoinAsync("admin");
        var client = server.Factory.Authorized(admin.Token);
        var (_, keySecret) = await client.CreateKeyAsync("events:write");
        var about = await server.OwnerClient.LogAboutAsync(admin.UserId, "about-admin");

        using var response = await client.PostAsJsonAsync(prefix + "/erase", new { confirm = "DELETE", currentPassword = admin.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("success").GetBoolean());
        var data = body.GetProperty("data");
        Assert.False(data.GetProperty("alreadyErased").GetBoolean());
        Assert.Equal(admin.UserId, data.GetProperty("subjectId").GetString());
        Assert.True(data.GetProperty("anonymized").GetBoolean());
        Assert.True(data.GetProperty("sessionsRevoked").GetBoolean());
        Assert.Equal(3, (await server.OwnerClient.EventAsync(about)).ErasedFields().Length);

        using (var login = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = admin.Email, password = admin.Password }))
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        using (var refresh = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = admin.RefreshToken }))
            Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        using (var keyUse = await server.Factory.WithKey(keySecret).PostEventAsync(new { eventType = "bulk_data_export", severity = "low" }))
            Assert.Equal(HttpStatusCode.Unauthorized, keyUse.StatusCode);
        var members = await Json.ReadAsync(await server.OwnerClient.GetAsync("/api/org/members"));
        Assert.DoesNotContain(admin.Email, members.GetRawText());

        using var again = await client.PostAsJsonAsync(prefix + "/erase", new { confirm = "DELETE", currentPassword = admin.Password });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await Json.ReadAsync(again)).GetProperty("data").GetProperty("alreadyErased").GetBoolean());
    }

    [Fact]
    public async Task WithTwoFactorOnErasingMyAccountAlsoNeedsACurrentCode()
    {
        var member = await server.JoinAsync("member");
        var (secret, _) = await server.EnableTwoFactorAsync(member);
        var client = server.Factory.Authorized(member.Token);

        using var noCode = await client.PostAsJsonAsync("/api/gdpr/erase", new { confirm = "DELETE", currentPassword = member.Password });
        using var wrongCode = await client.PostAsJsonAsync("/api/gdpr/erase", new { confirm = "DELETE", currentPassword = member.Password, totpToken = "000000" });
        using var withCode = await client.PostAsJsonAsync("/api/gdpr/erase",
            new { confirm = "DELETE", currentPassword = member.Password, totpToken = server.CodeAt(secret, 1) });

        Assert.Equal(HttpStatusCode.BadRequest, noCode.StatusCode);
        Assert.True((await Json.ReadAsync(noCode)).GetProperty("details").TryGetProperty("totpToken", out _));
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        Assert.NotEmpty(await server.EventsOfTypeAsync(member.OrgId, "mfa_bypass_attempt"));
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        Assert.False((await Json.ReadAsync(withCode)).GetProperty("data").GetProperty("alreadyErased").GetBoolean());
    }

    [Theory]
    [InlineData("""{"currentPassword":"correct horse battery"}""")]
    [InlineData("""{"confirm":"delete","currentPassword":"correct horse battery"}""")]
    [InlineData("""{"confirm":"DELETE"}""")]
    [InlineData("""{"confirm":"DELETE","currentPassword":"wrong password"}""")]
    [InlineData("""{"confirm":"DELETE","currentPassword":"correct horse battery","totpToken":"abc"}""")]
    public async Task AWrongConfirmationPasswordOrTotpIsAValidationProblemAndErasesNothing(string body)
    {
        var member = await server.JoinAsync("member");
        var client = server.Factory.Authorized(member.Token);
        var about = await server.OwnerClient.LogAboutAsync(member.UserId, "kept");

        using var response = await client.PostAsync("/api/gdpr/erase", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", await OrgAccess.CodeAsync(response));
        Assert.Empty((await server.OwnerClient.EventAsync(about)).ErasedFields());
        using var refresh = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = member.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
    }

    [Fact]
    public async Task TheSoleOwnerOfAnOrganisationGetsTheOfficialConflict()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var client = server.Factory.Authorized(account.Token);

        using var response = await client.PostAsJsonAsync("/api/users/me/erase", new { confirm = "DELETE", currentPassword = account.Password });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal("CONFLICT", body.GetProperty("code").GetString());
        Assert.Equal(account.OrgId, Assert.Single(body.GetProperty("soleOwnedOrgs").EnumerateArray()).GetString());
        using var login = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}

public sealed class AccountPrivacyOnSqlite(SqliteServer server) : AccountPrivacyTests(server), IClassFixture<SqliteServer>;

public sealed class AccountPrivacyOnPostgres(PostgresServer server) : AccountPrivacyTests(server), IClassFixture<PostgresServer>;
