using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Hardening;

/// <summary>Configured limits answer 429 with Retry-After and retryAfter, per address, per organisation or key, and per account.</summary>
public abstract class RateLimitTests(StorageKind storage) : IAsyncLifetime
{
    private readonly MudbaseFactory factory = new(storage, new()
    {
        ["Mudbase:RateLimits:AnonymousPerAddress"] = "4",
        ["Mudbase:RateLimits:AnonymousWindowSeconds"] = "600",
        ["Mudbase:RateLimits:IngestPerSecond"] = "1",
        ["Mudbase:RateLimits:IngestBurst"] = "5",
        ["Mudbase:RateLimits:ExportsPerWindow"] = "2",
        ["Mudbase:RateLimits:ExportWindowSeconds"] = "600",
        ["Mudbase:RateLimits:LoginFailuresPerAccount"] = "3",
    });
    private TestAccount owner = null!;

    public async Task InitializeAsync() => owner = await TestAccounts.RegisterAsync(factory.CreateClient());

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task AnonymousEndpointsAreLimitedPerAddress()
    {
        // The owner's registration in InitializeAsync spent one of the four.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/register",
                new { email = $"r-{Guid.NewGuid():N}@northwind.dev", password = TestAccounts.Password, firstName = "A", lastName = "B" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                await AssertRateLimitedAsync(response);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task IngestIsLimitedPerOrganisationAndAnotherOrganisationIsNotAffected()
    {
        var client = factory.Authorized(owner.Token);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.PostEventAsync(Json.SeedExample);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                await AssertRateLimitedAsync(response);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) is >= 5 and <= 7, string.Join(",", statuses));

        var (_, secret) = await client.CreateKeyAsync("events:write");
        using var byKey = await factory.WithKey(secret).PostEventAsync(Json.SeedExample);
        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
    }

    [Fact]
    public async Task ExportsAreLimitedPerOrganisation()
    {
        var client = factory.Authorized(owner.Token);
        using var first = await client.GetAsync("/api/compliance/security-events/export");
        using var second = await client.GetAsync("/api/compliance/security-events/export");
        using var third = await client.GetAsync("/api/compliance/security-events/export");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await AssertRateLimitedAsync(third);
    }

    [Fact]
    public async Task FailedLoginsFromManyAddressesLockTheAccountPastTheLimit()
    {
        var victim = await TestAccounts.RegisterAsync(factory.CreateClient());
        var throttle = factory.Services.GetRequiredService<Mudbase.Server.Auth.LoginThrottle>();
        for (var address = 1; address <= 3; address++)
            throttle.RecordFailure(victim.Email, $"198.51.100.{address}");

        Assert.NotNull(throttle.RetryAfter(victim.Email, "198.51.100.99"));
        Assert.Null(throttle.RetryAfter(owner.Email, "198.51.100.99"));
    }

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var seconds = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(seconds >= 1);
        var body = await Json.ReadAsync(response);
        Assert.Equal("RATE_LIMITED", body.GetProperty("code").GetString());
        Assert.Equal(seconds, body.GetProperty("retryAfter").GetInt32());
    }
}

public sealed class RateLimitOnSqlite() : RateLimitTests(StorageKind.Sqlite);

public sealed class RateLimitOnPostgres() : RateLimitTests(StorageKind.Postgres);
