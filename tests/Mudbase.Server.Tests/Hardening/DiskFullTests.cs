using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Hardening;

/// <summary>
/// A database that cannot grow (SQLite's own page cap, the same SQLITE_FULL a full disk gives): every write path
/// answers 503 SERVICE_UNAVAILABLE, nothing is acknowledged, and /health reports the failing write probe.
/// </summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly MudbaseFactory factory = new(StorageKind.Sqlite, new() { ["Mudbase:Storage:SqliteMaxPageCount"] = "400" });
    private TestAccount owner = null!;

    public async Task InitializeAsync() => owner = await TestAccounts.RegisterAsync(factory.CreateClient());

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task WhenTheDatabaseIsFullEveryWritePathAnswers503AndHealthSaysSo()
    {
        var client = factory.Authorized(owner.Token);
        using (var healthy = await factory.CreateClient().GetAsync("/health"))
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        var (_, secret) = await client.CreateKeyAsync("events:write");
        await FillAsync(client, detailBytes: 1500);
        await FillAsync(client, detailBytes: 10);

        // A capped file still has room on partly filled pages, so each path is repeated until the database refuses
        // it; the refusal must be the 503, never a 500 and never a success that was not stored.
        await AssertEventuallyUnavailableAsync(() => factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password }));
        await AssertEventuallyUnavailableAsync(() => factory.CreateClient().PostAsJsonAsync("/api/auth/register",
            new { email = $"late-{Guid.NewGuid():N}@northwind.dev", password = TestAccounts.Password, firstName = "A", lastName = "B" }));
        await AssertEventuallyUnavailableAsync(() => client.PostAsJsonAsync("/api/api-keys", new { name = "late", scopes = new[] { "events:read" } }));
        await AssertEventuallyUnavailableAsync(() => client.PostAsJsonAsync("/api/org/invites", new { email = $"i-{Guid.NewGuid():N}@northwind.dev", role = "member" }));
        await AssertEventuallyUnavailableAsync(() => factory.WithKey(secret).PostEventAsync(Json.SeedExample));
        using var health = await factory.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("storage-write", await health.Content.ReadAsStringAsync());
    }

    private static async Task AssertEventuallyUnavailableAsync(Func<Task<HttpResponseMessage>> write)
    {
        for (var i = 0; i < 300; i++)
        {
            using var response = await write();
            if (response.IsSuccessStatusCode)
                continue;
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
                $"{response.RequestMessage!.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("SERVICE_UNAVAILABLE", await OrgAccess.CodeAsync(response));
            return;
        }
        Assert.Fail("the write kept succeeding on a full database");
    }

    private static async Task FillAsync(HttpClient client, int detailBytes)
    {
        var details = Enumerable.Range(0, 30).ToDictionary(i => $"k{i}", i => new string((char)('a' + i % 26), detailBytes));
        for (var i = 0; i < 2000; i++)
        {
            using var response = await client.PostEventAsync(new { eventType = "bulk_data_export", severity = "low", details });
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                return;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Fail("the database never filled up");
    }
}
