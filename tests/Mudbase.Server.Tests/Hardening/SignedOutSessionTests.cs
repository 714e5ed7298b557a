using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Hardening;

/// <summary>The per-request read that checks membership also refuses an access token whose session was ended.</summary>
public abstract class SignedOutSessionTests(ServerFixture server)
{
    [Fact]
    public async Task AnAccessTokenStopsWorkingOnceItsSessionLoggedOutWithoutABody()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        using var client = server.Factory.Authorized(account.Token);
        using (var before = await client.PostEventAsync(Json.SeedExample))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var logout = await client.PostAsync("/api/auth/logout", null))
            Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        using var write = await client.PostEventAsync(Json.SeedExample);
        using var me = await client.GetAsync("/api/users/me");

        // Both a write (any member) and a read of the caller's own account are refused: the session, not a role, ended.
        Assert.All([write, me], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
    }

    [Fact]
    public async Task LoggingOutOneSessionLeavesTheUsersOtherSessionsSignedIn()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        using var login = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });
        var otherToken = (await Json.ReadAsync(login)).GetProperty("token").GetString()!;

        using (var logout = await server.Factory.Authorized(account.Token).PostAsJsonAsync("/api/auth/logout", new { refreshToken = account.RefreshToken }))
            Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        using var signedOut = await server.Factory.Authorized(account.Token).GetAsync("/api/users/me");
        using var other = await server.Factory.Authorized(otherToken).PostEventAsync(Json.SeedExample);

        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ReusingASpentRefreshTokenEndsTheAccessTokensOfItsFamily()
    {
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var anonymous = server.Factory.CreateClient();
        using var rotated = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = account.RefreshToken });
        var rotatedToken = (await Json.ReadAsync(rotated)).GetProperty("token").GetString()!;
        using (var stillValid = await server.Factory.Authorized(rotatedToken).GetAsync("/api/users/me"))
            Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);

        using (var reuse = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = account.RefreshToken }))
            Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        using var after = await server.Factory.Authorized(rotatedToken).GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}

public sealed class SignedOutSessionOnSqlite(SqliteServer server) : SignedOutSessionTests(server), IClassFixture<SqliteServer>;

public sealed class SignedOutSessionOnPostgres(PostgresServer server) : SignedOutSessionTests(server), IClassFixture<PostgresServer>;
