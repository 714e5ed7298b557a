using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Storage.Details;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class AuthFlowTests(ServerFixture server)
{
    [Fact]
    public async Task RegisteringReturnsTheMudbaseAuthShapeWithAnOwnerOfANewOrganisation()
    {
        var client = server.Factory.CreateClient();
        var email = $"new-{Guid.NewGuid():N}@northwind.dev";
        using var response = await client.PostAsJsonAsync("/api/auth/register",
            new { email, password = "correct horse battery", firstName = "Morgan", lastName = "Chen", orgName = "Northwind" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal(1800, body.GetProperty("expiresIn").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.StartsWith("rt_", body.GetProperty("refreshToken").GetString());
        var user = body.GetProperty("user");
        Assert.Matches("^usr_[0-9A-Za-z]{20,}$", user.GetProperty("id").GetString());
        Assert.Matches("^org_[0-9A-Za-z]{20,}$", user.GetProperty("orgId").GetString());
        Assert.Equal("owner", user.GetProperty("role").GetString());
        Assert.Equal(email, user.GetProperty("email").GetString());

        var claims = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(body.GetProperty("token").GetString());
        Assert.Equal("HS256", claims.Alg);
        foreach (var claim in new[] { "sub", "email", "org", "role", "iss", "aud", "iat", "exp", "jti" })
            Assert.True(claims.TryGetPayloadValue<object>(claim, out _), $"missing claim {claim}");
        Assert.Equal(1800, (claims.ValidTo - claims.IssuedAt).TotalSeconds);
    }

    [Fact]
    public async Task RegisteringTheSameEmailTwiceIsAConflict()
    {
        var client = server.Factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);
        using var response = await client.PostAsJsonAsync("/api/auth/register",
            new { email = account.Email.ToUpperInvariant(), password = "another password", firstName = "A", lastName = "B" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("CONFLICT", (await Json.ReadAsync(response)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("short", "password")]
    [InlineData(null, "password")]
    public async Task WeakOrMissingPasswordsAreRejected(string? password, string field)
    {
        using var response = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/register",
            new { email = "weak@northwind.dev", password, firstName = "A", lastName = "B" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task OversizePasswordsAreRejected()
    {
        using var response = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/register",
            new { email = "long@northwind.dev", password = new string('p', 129), firstName = "A", lastName = "B" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task InvalidEmailsAndMissingNamesAreRejectedTogether()
    {
        using var response = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/register",
            new { email = "not-an-email", password = "correct horse battery" });

        var details = (await Json.ReadAsync(response)).GetProperty("details");
        Assert.True(details.TryGetProperty("email", out _));
        Assert.True(details.TryGetProperty("firstName", out _));
        Assert.True(details.TryGetProperty("lastName", out _));
    }

    [Fact]
    public async Task LoginWithTheRightPasswordReturnsATokenThatWorks()
    {
        var client = server.Factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await Json.ReadAsync(response)).GetProperty("token").GetString()!;
        using var me = await server.Factory.Authorized(token).GetAsync("/api/users/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(account.UserId, (await Json.ReadAsync(me)).GetProperty("user").GetProperty("id").GetString());
    }

    [Fact]
    public async Task LoginWithAWrongPasswordOrUnknownEmailIsUnauthorized()
    {
        var client = server.Factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);
        using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = "wrong password" });
        using var unknown = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@northwind.dev", password = "wrong password" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("UNAUTHORIZED", (await Json.ReadAsync(wrong)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task SessionDescribesTheSignedInUser()
    {
        using var response = await server.OwnerClient.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("authenticated").GetBoolean());
        Assert.Equal(server.Owner.OrgId, body.GetProperty("user").GetProperty("orgId").GetString());
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task RefreshRotatesAndReusingASpentTokenRevokesTheFamily()
    {
        var client = server.Factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);

        using var first = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = account.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var rotated = (await Json.ReadAsync(first)).GetProperty("refreshToken").GetString()!;
        Assert.NotEqual(account.RefreshToken, rotated);

        using var reuse = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = account.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);

        // The legitimate holder's newer token died with the family.
        using var afterReuse = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = rotated });
        Assert.Equal(HttpStatusCode.Unauthorized, afterReuse.StatusCode);
    }

    [Fact]
    public async Task UnknownRefreshTokensAreUnauthorized()
    {
        using var response = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "rt_forged" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task LogoutRevokesTheRefreshToken()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var client = server.Factory.Authorized(account.Token);

        using var logout = await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = account.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        using var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = account.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task FiveFailedLoginsThrottleTheAccountAndRecordABruteForceEvent()
    {
        var client = server.Factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);
        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = "wrong password" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var throttled = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("RATE_LIMITED", (await Json.ReadAsync(throttled)).GetProperty("code").GetString());
        Assert.True(int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);

        var events = await server.Factory.Services.GetStoredEventsAsync(account.OrgId);
        var bruteForce = Assert.Single(events, e => e.EventType == "brute_force_attempt");
        Assert.Equal("system", bruteForce.Actor);
        Assert.Contains(EventDetails.Read(bruteForce.Commitments, bruteForce.Secrets).Opened, o => DetailCodec.Value(o.Value).ToString() == account.UserId);
    }
}

public sealed class AuthFlowOnSqlite(SqliteServer server) : AuthFlowTests(server), IClassFixture<SqliteServer>;

public sealed class AuthFlowOnPostgres(PostgresServer server) : AuthFlowTests(server), IClassFixture<PostgresServer>;
