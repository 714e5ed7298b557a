using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

/// <summary>With the operator defaults (no loopback, no private networks), deliveries cannot be aimed inside.</summary>
public sealed class WebhookDestinationTests : IAsyncLifetime
{
    private readonly MudbaseFactory factory = new(StorageKind.Sqlite, WebhookClient.FastDelivery(allowLoopback: false));
    private HttpClient owner = null!;

    public async Task InitializeAsync() => owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "loopback")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("https://10.0.0.7/hook", "private")]
    [InlineData("https://192.168.1.20/hook", "private")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("https://[fd00::1]/hook", "private")]
    [InlineData("https://0.0.0.0/hook", "not a unicast")]
    [InlineData("syslog://127.0.0.1:6514", "loopback")]
    public async Task ALiteralInternalAddressIsRefusedWhenTheSubscriptionIsSaved(string url, string reason)
    {
        using var response = await owner.PostAsJsonAsync(WebhookClient.Route, new { url });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await Json.ReadAsync(response)).GetProperty("details").GetProperty("url").GetString());
    }

    [Fact]
    public async Task AHostnameResolvingToLoopbackIsRefusedAtConnectTimeAndNothingIsSent()
    {
        await using var receiver = new WebhookReceiver();
        var (id, _) = await owner.CreateWebhookAsync(new { url = $"http://localhost:{receiver.Port}/hook" });

        using var response = await owner.PostAsync($"{WebhookClient.Route}/{id}/test", null);
        var attempt = (await Json.ReadAsync(response)).GetProperty("attempt");

        Assert.False(attempt.GetProperty("succeeded").GetBoolean());
        Assert.Contains("is a loopback address", attempt.GetProperty("error").GetString());
        await owner.LogAsync(new { eventType = "mfa_bypass_attempt", severity = "critical" });
        await WebhookClient.EventuallyAsync(async () => (await owner.ListAsync(id, "attempts", "attempts")).Length >= 2, "the delivery attempt");
        Assert.Empty(receiver.Requests);
    }
}
