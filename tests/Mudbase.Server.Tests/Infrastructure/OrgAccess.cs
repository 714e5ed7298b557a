using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mudbase.Server.Storage;

using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Members, invites and API keys through the HTTP API, for tests that need principals of every kind.</summary>
public static class OrgAccess
{
    public const string AcceptPath = "/api/auth/accept-invite";

    public static async Task<string> InviteAsync(this HttpClient inviter, string email, string role)
    {
        using var response = await inviter.PostAsJsonAsync("/api/org/invites", new { email, role, currentPassword = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("token").GetString()!;
    }

    /// <summary>A new account that joined the inviter's organisation (the fixture owner's by default) with <paramref name="role"/>.</summary>
    public static async Task<TestAccount> JoinAsync(this ServerFixture server, string role, HttpClient? inviter = null)
    {
        var email = $"{role}-{Guid.NewGuid():N}@northwind.dev";
        var token = await (inviter ?? server.OwnerClient).InviteAsync(email, role);
        using var response = await server.Factory.CreateClient().PostAsJsonAsync(AcceptPath,
            new { token, password = TestAccounts.Password, firstName = "Riley", lastName = "Park" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ReadAccount(email, await Json.ReadAsync(response));
    }

    /// <summary>Signs in again, as a member would to pick up a changed role.</summary>
    public static async Task<TestAccount> RefreshAsync(this ServerFixture server, TestAccount account)
    {
        using var response = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = account.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ReadAccount(account.Email, await Json.ReadAsync(response));
    }

    public static TestAccount ReadAccount(string email, JsonElement authResponse)
    {
        var user = authResponse.GetProperty("user");
        return new TestAccount(email, TestAccounts.Password, authResponse.GetProperty("token").GetString()!,
            authResponse.GetProperty("refreshToken").GetString()!, user.GetProperty("id").GetString()!, user.GetProperty("orgId").GetString()!);
    }

    public static async Task<(string Id, string Secret)> CreateKeyAsync(this HttpClient admin, params string[] scopes)
    {
        using var response = await admin.PostAsJsonAsync("/api/api-keys", new { name = "ingest", scopes, currentPassword = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json.ReadAsync(response);
        return (body.GetProperty("apiKey").GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    public static HttpClient WithKey(this MudbaseFactory factory, string secret)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", secret);
        return client;
    }

    public static async Task<string> CodeAsync(HttpResponseMessage response) =>
        (await Json.ReadAsync(response)).GetProperty("code").GetString()!;

    /// <summary>The organisation's stored events of one type, with their plain details.</summary>
    internal static async Task<List<(StoredEvent Event, Dictionary<string, string> Details)>> EventsOfTypeAsync(
        this ServerFixture server, string orgId, string eventType)
    {
        var events = await server.Factory.Services.GetStoredEventsAsync(orgId);
        return events.Where(e => e.EventType == eventType).Select(e => (e, DetailsOf(e))).ToList();
    }

    private static Dictionary<string, string> DetailsOf(StoredEvent stored)
    {
        return EventDetails.Read(stored.Commitments, stored.Secrets).Opened.ToDictionary(
            o => o.Key, o => DetailCodec.Value(o.Value).ToString(), StringComparer.Ordinal);
    }
}
