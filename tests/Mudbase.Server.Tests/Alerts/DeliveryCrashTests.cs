using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

/// <summary>Real server processes killed with SIGKILL while they deliver: nothing is lost, order holds, repeats stay bounded.</summary>
[Collection(SoloCollection.Name)]
public sealed class DeliveryCrashTests
{
    private static readonly Dictionary<string, string> Delivery = new()
    {
        ["Mudbase__Webhooks__AllowLoopback"] = "true",
        ["Mudbase__Webhooks__PollMilliseconds"] = "100",
        ["Mudbase__Webhooks__TimeoutSeconds"] = "1",
        ["Mudbase__Webhooks__LeaseSeconds"] = "3",
        ["Mudbase__Webhooks__BackoffSeconds"] = "1",
        ["Mudbase__Webhooks__MaxBackoffSeconds"] = "1",
    };

    private static object Event(int i) => new { eventType = "unauthorized_access_attempt", severity = "high", details = new { attempt = i } };

    [Fact]
    public async Task AServerKilledMidDeliveryResumesAfterRestartWithoutLosingOrReorderingAnything()
    {
        await using var storage = ProcessStorage.Create(StorageKind.Sqlite);
        await using var receiver = new WebhookReceiver { Delay = TimeSpan.FromMilliseconds(25) };
        var logged = new List<string>();
        TestAccount account;
        IReadOnlyList<ReceivedMessage> beforeKill;
        await using (var server = await storage.StartServerAsync(Delivery))
        {
            using var client = server.CreateClient();
            account = await TestAccounts.RegisterAsync(client);
            client.DefaultRequestHeaders.Authorization = new("Bearer", account.Token);
            await client.CreateWebhookAsync(new { url = receiver.Url, eventTypes = new[] { "unauthorized_access_attempt" } });
            for (var i = 0; i < 80; i++)
                logged.Add(await client.LogAsync(Event(i)));
            await receiver.WaitForAcceptedAsync(20);
            server.Kill();
            beforeKill = await receiver.ReceivedSoFarAsync();
        }
        Assert.True(beforeKill.Count < logged.Count, "everything was delivered before the kill; the test proves nothing");

        await using var restarted = await storage.StartServerAsync(Delivery);
        using var reader = restarted.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new("Bearer", account.Token);
        for (var i = 80; i < 100; i++)
            logged.Add(await reader.LogAsync(Event(i)));

        await WebhookClient.EventuallyAsync(() => Task.FromResult(receiver.Accepted.Select(m => m.Id).Distinct().Count() == logged.Count), "every event");
        AssertAtLeastOnceInOrder(logged, receiver.Accepted, beforeKill);
    }

    [Fact]
    public async Task NodesOnOnePostgresDeliverEachEventOnceAndTakeOverFromANodeThatDies()
    {
        await using var storage = ProcessStorage.Create(StorageKind.Postgres);
        await using var receiver = new WebhookReceiver { Delay = TimeSpan.FromMilliseconds(40) };
        var logged = new List<string>();
        var first = await storage.StartServerAsync(Delivery);
        ServerProcess[] others = [];
        try
        {
            using var viaFirst = first.CreateClient();
            var account = await TestAccounts.RegisterAsync(viaFirst);
            viaFirst.DefaultRequestHeaders.Authorization = new("Bearer", account.Token);
            await viaFirst.CreateWebhookAsync(new { url = receiver.Url, eventTypes = new[] { "unauthorized_access_attempt" } });
            for (var i = 0; i < 40; i++)
                logged.Add(await viaFirst.LogAsync(Event(i)));

            // Two more nodes join while the first holds the subscription; events now come in through them.
            others = await Task.WhenAll(storage.StartServerAsync(Delivery), storage.StartServerAsync(Delivery));
            var clients = others.Select(node => node.CreateClient()).ToArray();
            foreach (var client in clients)
                client.DefaultRequestHeaders.Authorization = new("Bearer", account.Token);
            for (var i = 40; i < 100; i++)
                logged.Add(await clients[i % 2].LogAsync(Event(i)));

            await receiver.WaitForAcceptedAsync(60);
            first.Kill();
            var beforeKill = await receiver.ReceivedSoFarAsync();
            // Between three live nodes nothing was delivered twice.
            Assert.Equal(beforeKill.Count, beforeKill.Select(m => m.Id).Distinct().Count());
            Assert.True(beforeKill.Count < logged.Count, "everything was delivered before the kill; the test proves nothing");

            for (var i = 100; i < 120; i++)
                logged.Add(await clients[i % 2].LogAsync(Event(i)));
            await WebhookClient.EventuallyAsync(() => Task.FromResult(receiver.Accepted.Select(m => m.Id).Distinct().Count() == logged.Count), "every event");
            AssertAtLeastOnceInOrder(logged, receiver.Accepted, beforeKill);
            foreach (var client in clients)
                client.Dispose();
        }
        finally
        {
            await first.DisposeAsync();
            foreach (var node in others)
                await node.DisposeAsync();
        }
    }

    /// <summary>Each event arrives; first arrivals follow the log; only events already sent before the kill come again.</summary>
    private static void AssertAtLeastOnceInOrder(List<string> logged, IReadOnlyList<ReceivedMessage> accepted, IReadOnlyList<ReceivedMessage> beforeKill)
    {
        Assert.Equal(logged, accepted.Select(m => m.Id).Distinct());
        var sentBeforeKill = beforeKill.Select(m => m.Id).ToHashSet();
        var repeated = accepted.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.All(repeated, id => Assert.Contains(id, sentBeforeKill));
    }
}
