using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Mudbase.Server.Auth;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class ContractDetailsTests(ServerFixture server)
{
    [Fact]
    public async Task UnauthorizedAnswersNameTheBearerSchemeAndSayWhenATokenWasRefused()
    {
        using var anonymous = await server.Factory.CreateClient().GetAsync("/api/users/me");
        using var forged = await server.Factory.Authorized("not.a.token").GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal("Bearer error=\"invalid_token\"", forged.Headers.WwwAuthenticate.Single().ToString());
    }

    [Fact]
    public async Task AnswersOfTheApiAndAboveAllTokensAndSecretsAreNeverCached()
    {
        using var login = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = server.Owner.Email, password = server.Owner.Password });
        using var key = await server.OwnerClient.PostAsJsonAsync("/api/api-keys", new { name = "cache", scopes = new[] { "events:write" } });
        using var summary = await server.OwnerClient.GetAsync("/api/compliance/summary");

        Assert.True(login.Headers.CacheControl!.NoStore);
        Assert.True(key.Headers.CacheControl!.NoStore);
        Assert.True(summary.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task LoggingOutWithoutABodyRevokesTheSessionOfThePresentingToken()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        using var client = server.Factory.Authorized(account.Token);
        using var logout = await client.PostAsync("/api/auth/logout", null);
        using var refresh = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = account.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task HealthReportsEveryRegisteredCheckAsAServiceWithTheServersVersion()
    {
        using var response = await server.Factory.CreateClient().GetAsync("/health");
        var body = await Json.ReadAsync(response);

        Assert.Equal("healthy", body.GetProperty("status").GetString());
        var services = body.GetProperty("services").EnumerateObject().Select(s => s.Name).ToList();
        Assert.Superset(new HashSet<string> { "database", "ledger", "disk" }, services.ToHashSet());
        var version = typeof(JwtOptions).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        Assert.Equal(version, body.GetProperty("version").GetString());
        Assert.True(body.GetProperty("uptime").GetInt64() >= 0);
    }

    [Fact]
    public async Task AnotherOrganisationsIdIsNotFoundOnTheOfficialOrganisationPaths()
    {
        var stranger = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        using var client = server.Factory.Authorized(stranger.Token);
        using var organisation = await client.GetAsync($"/api/orgs/{server.Owner.OrgId}");
        using var overview = await client.GetAsync($"/api/orgs/{server.Owner.OrgId}/users/{server.Owner.UserId}/overview");
        using var own = await client.GetAsync($"/api/orgs/{stranger.OrgId}");

        Assert.Equal(HttpStatusCode.NotFound, organisation.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, overview.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task OfficialPermissionsThatCannotBeMappedAreRefusedNamingTheAction()
    {
        using var response = await server.OwnerClient.PostAsJsonAsync("/api/api-keys", new
        {
            name = "official",
            projectId = "685ad30be129932fbb7a1047",
            permissions = new[] { new { resource = "database", actions = new[] { "create", "delete" } } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var details = (await Json.ReadAsync(response)).GetProperty("details").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Contains(details, d => d!.StartsWith("\"permissions[0].actions[1]\" cannot be granted", StringComparison.Ordinal));
    }
}

public sealed class ContractDetailsOnSqlite(SqliteServer server) : ContractDetailsTests(server), IClassFixture<SqliteServer>;

public sealed class ContractDetailsOnPostgres(PostgresServer server) : ContractDetailsTests(server), IClassFixture<PostgresServer>;

public sealed class JwtSigningKeyTextTests
{
    [Fact]
    public void AConfiguredKeyIsItsUtf8TextAndABase64PrefixedKeyIsDecoded()
    {
        var text = new JwtOptions { SigningKey = "correct horse battery staple, long enough" };
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var encoded = new JwtOptions { SigningKey = "base64:" + Convert.ToBase64String(bytes) };
        var malformed = new JwtOptions { SigningKey = "base64:!!!not base64 at all, but long enough!!!" };

        Assert.Equal(Encoding.UTF8.GetBytes(text.SigningKey), text.SigningKeyBytes());
        Assert.Equal(bytes, encoded.SigningKeyBytes());
        Assert.Empty(text.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(text)));
        Assert.Single(malformed.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(malformed)));
    }
}
