using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

public static class WebhookClient
{
    public const string Route = "/api/compliance/webhooks";

    public static async Task<(string Id, string? Secret)> CreateWebhookAsync(this HttpClient admin, object body)
    {
        using var response = await admin.PostAsJsonAsync(Route, body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        var secret = json.TryGetProperty("secret", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return (json.GetProperty("webhook").GetProperty("id").GetString()!, secret);
    }

    public static async Task<JsonElement> WebhookAsync(this HttpClient reader, string id) =>
        (await Json.ReadAsync(await reader.GetAsync($"{Route}/{id}"))).GetProperty("webhook");

    public static async Task<JsonElement[]> ListAsync(this HttpClient reader, string id, string what, string property) =>
        [.. (await Json.ReadAsync(await reader.GetAsync($"{Route}/{id}/{what}"))).GetProperty(property).EnumerateArray()];

    /// <summary>Waits until <paramref name="done"/> holds, polling; fails with <paramref name="what"/> after 30 s.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    public static Dictionary<string, string?> FastDelivery(bool allowLoopback = true) => new()
    {
        ["Mudbase:Webhooks:AllowLoopback"] = allowLoopback ? "true" : "false",
        ["Mudbase:Webhooks:PollMilliseconds"] = "100",
        ["Mudbase:Webhooks:BackoffSeconds"] = "1",
        ["Mudbase:Webhooks:MaxBackoffSeconds"] = "2",
        ["Mudbase:Webhooks:TimeoutSeconds"] = "5",
        ["Mudbase:Webhooks:LeaseSeconds"] = "10",
    };
}

/// <summary>A server whose deliveries may go to loopback receivers, retrying within seconds.</summary>
public abstract class WebhookServer(StorageKind storage) : IAsyncLifetime
{
    public MudbaseFactory Factory { get; } = new(storage, WebhookClient.FastDelivery());

    public TestAccount Owner { get; private set; } = null!;

    public HttpClient OwnerClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Owner = await TestAccounts.RegisterAsync(Factory.CreateClient());
        OwnerClient = Factory.Authorized(Owner.Token);
    }

    /// <summary>An owner of a fresh organisation, so a test sees only its own events and subscriptions.</summary>
    public async Task<HttpClient> NewOrgAsync() => Factory.Authorized((await TestAccounts.RegisterAsync(Factory.CreateClient())).Token);

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

public sealed class SqliteWebhookServer() : WebhookServer(StorageKind.Sqlite);

public sealed class PostgresWebhookServer() : WebhookServer(StorageKind.Postgres);
