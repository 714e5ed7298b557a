using System.Collections.Concurrent;
using System.Net;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// The database itself crashes under three loaded nodes, losing whatever it had not flushed (the outcome reads commit
/// without waiting for a flush). Nodes answer 503 while it is down and serve again once it is back, and every event
/// any node acknowledged, before the crash or after, is in the one linear, verifiable log. With every commit made
/// without waiting for a flush (<c>synchronous_commit=off</c> in the connection string) this test fails.
/// </summary>
public sealed partial class MultiNodeTests
{
    [Fact]
    public async Task EveryEventThreeNodesAcknowledgedSurvivesACrashOfTheDatabase()
    {
        const int clients = 24, beforeCrash = 1500, afterRestart = 1000;
        var cluster = new PrivatePostgresCluster();
        await cluster.InitializeAsync();
        try
        {
            await using var storage = ProcessStorage.OnCluster(cluster);
            // A request still parked when the database went away is answered 503 after this long, instead of 30 s.
            var settings = new Dictionary<string, string> { ["Mudbase__Intake__GiveUpSeconds"] = "5" };
            var nodes = await Task.WhenAll(Enumerable.Range(0, Nodes).Select(_ => storage.StartServerAsync(settings)));
            try
            {
                var owner = await TestAccounts.RegisterAsync(nodes[0].CreateClient());
                var http = nodes.Select(n => n.CreateClient(owner.Token)).ToArray();
                var acknowledged = new ConcurrentBag<string>();
                var refused = new ConcurrentBag<string>();
                using var stop = new CancellationTokenSource();

                var load = Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        using var response = await http[c % Nodes].PostEventAsync(new
                        {
                            eventType = "suspicious_api_activity",
                            severity = "medium",
                            details = new { userId = $"usr_{c}", attempt = i },
                        });
                        var body = await Json.ReadAsync(response);
                        if (response.StatusCode == HttpStatusCode.OK)
                            acknowledged.Add(body.GetProperty("eventId").GetString()!);
                        else if (response.StatusCode != HttpStatusCode.ServiceUnavailable || body.GetProperty("code").GetString() != "SERVICE_UNAVAILABLE")
                            refused.Add($"node {c % Nodes}: {(int)response.StatusCode} {body}");
                        else
                            await Task.Delay(50);
                    }
                })));
                // A client that failed ends the wait with its exception.
                Func<Task<bool>> Acknowledged(int count) => async () =>
                {
                    if (load.IsCompleted)
                        await load;
                    return acknowledged.Count >= count;
                };
                try
                {
                    await WaitUntilAsync(Acknowledged(beforeCrash), "the load before the crash", seconds: 120);
                    await cluster.CrashAsync();
                    var atCrash = acknowledged.Count;
                    await Task.Delay(500);
                    await cluster.StartAsync();
                    await WaitUntilAsync(Acknowledged(atCrash + afterRestart), "the load after the restart", seconds: 120);
                }
                finally
                {
                    await stop.CancelAsync();
                    await load;
                }

                Assert.Empty(refused);
                await AssertOneLinearVerifiableLogAsync(storage.Database!, owner.OrgId, [.. acknowledged], http);
            }
            finally
            {
                foreach (var node in nodes)
                    await node.DisposeAsync();
            }
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
