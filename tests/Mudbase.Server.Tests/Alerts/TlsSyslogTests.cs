using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

/// <summary>syslog+tls:// validates the receiver's certificate: a private CA is trusted only when the operator names it.</summary>
public sealed class TlsSyslogTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "mudbase-tests", "tls-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task EventsReachATlsReceiverWhoseCaTheOperatorTrustsAsOctetCountedMessages()
    {
        System.IO.Directory.CreateDirectory(directory);
        await using var receiver = new TlsSyslogReceiver(directory);
        var settings = WebhookClient.FastDelivery();
        settings["Mudbase:Webhooks:SyslogTrustedCaFile"] = receiver.CaFile;
        await using var factory = new MudbaseFactory(StorageKind.Sqlite, settings);
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        await owner.CreateWebhookAsync(new { url = receiver.Url, format = "cef" });

        var first = await owner.LogAsync(new { eventType = "admin_privilege_escalation", severity = "critical" });
        var second = await owner.LogAsync(new { eventType = "data_breach_detected", severity = "high" });

        await WebhookClient.EventuallyAsync(() => Task.FromResult(receiver.Messages.Count >= 2), "two messages over TLS");
        var messages = receiver.Messages.ToArray();
        Assert.Contains($"externalId={first}", messages[0]);
        Assert.Contains($"externalId={second}", messages[1]);
        Assert.StartsWith("<107>1 ", messages[1]);
    }

    [Fact]
    public async Task AReceiverWithAnUntrustedCertificateGetsNothing()
    {
        System.IO.Directory.CreateDirectory(directory);
        await using var receiver = new TlsSyslogReceiver(directory);
        await using var factory = new MudbaseFactory(StorageKind.Sqlite, WebhookClient.FastDelivery());
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        var (id, _) = await owner.CreateWebhookAsync(new { url = receiver.Url });

        using var response = await owner.PostAsync($"{WebhookClient.Route}/{id}/test", null);
        var attempt = (await Json.ReadAsync(response)).GetProperty("attempt");

        Assert.False(attempt.GetProperty("succeeded").GetBoolean());
        Assert.Empty(receiver.Messages);
    }
}
