using System.Net;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class TenantIsolationTests(ServerFixture server)
{
    [Fact]
    public async Task AnotherOrganisationsEventIsNotFoundRatherThanForbidden()
    {
        using var posted = await server.OwnerClient.PostEventAsync(Json.SeedExample);
        var eventId = (await Json.ReadAsync(posted)).GetProperty("eventId").GetString();

        var stranger = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        using var response = await server.Factory.Authorized(stranger.Token).GetAsync($"/api/compliance/security-events/{eventId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", (await Json.ReadAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task EachOrganisationHasItsOwnSequence()
    {
        var other = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        using var posted = await server.Factory.Authorized(other.Token).PostEventAsync(Json.SeedExample);
        var eventId = (await Json.ReadAsync(posted)).GetProperty("eventId").GetString();

        using var read = await server.Factory.Authorized(other.Token).GetAsync($"/api/compliance/security-events/{eventId}");
        Assert.Equal(1, (await Json.ReadAsync(read)).GetProperty("event").GetProperty("sequence").GetInt64());
    }
}

public sealed class TenantIsolationOnSqlite(SqliteServer server) : TenantIsolationTests(server), IClassFixture<SqliteServer>;

public sealed class TenantIsolationOnPostgres(PostgresServer server) : TenantIsolationTests(server), IClassFixture<PostgresServer>;
