using System.Net;
using Mudbase.Server.Compliance.Idempotency;
using Mudbase.Server.Tests.Infrastructure;
using static Mudbase.Server.Tests.Infrastructure.IdempotentPosts;

namespace Mudbase.Server.Tests;

/// <summary>Idempotency keys outlive the process that stored them and hold across nodes sharing one database.</summary>
public abstract class IdempotencyAcrossRestartTests(StorageKind storage)
{
    [Fact]
    public async Task AKeyAnsweredBeforeASigkillAnswersTheSameResponseAfterRestartAndRecordsNothingNew()
    {
        await using var data = ProcessStorage.Create(storage);
        TestAccount account;
        var key = NewKey();
        string original;
        await using (var server = await data.StartServerAsync())
        {
            account = await TestAccounts.RegisterAsync(server.CreateClient());
            using var client = server.CreateClient(account.Token);
            using var response = await client.PostWithKeyAsync(BatchPath, TwoEvents, key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            original = await response.Content.ReadAsStringAsync();
            server.Kill();
        }

        await using var restarted = await data.StartServerAsync();
        using var again = restarted.CreateClient(account.Token);
        using var replay = await again.PostWithKeyAsync(BatchPath, TwoEvents, key);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(original, await replay.Content.ReadAsStringAsync());
        Assert.True(replay.Headers.Contains(IdempotentWrites.ReplayedHeader));
        using var list = await again.GetAsync("api/compliance/security-events?limit=100");
        Assert.Equal(2, (await Json.ReadAsync(list)).GetProperty("events").GetArrayLength());
    }

    internal const string TwoEvents = """{"events":[{"eventType":"bulk_data_export","severity":"low"},{"eventType":"mfa_bypass_attempt","severity":"critical"}]}""";
}

public sealed class IdempotencyAcrossRestartOnSqlite() : IdempotencyAcrossRestartTests(StorageKind.Sqlite);

public sealed class IdempotencyAcrossRestartOnPostgres() : IdempotencyAcrossRestartTests(StorageKind.Postgres);

[Collection(SoloCollection.Name)]
public sealed class IdempotencyAcrossNodesTests
{
    [Fact]
    public async Task TheSameKeySentToThreeNodesAtOnceRecordsExactlyOneLeafAndEveryNodeAnswersIt()
    {
        const int nodes = 3, keys = 40;
        await using var storage = ProcessStorage.Create(StorageKind.Postgres);
        var servers = await Task.WhenAll(Enumerable.Range(0, nodes).Select(_ => storage.StartServerAsync()));
        try
        {
            var owner = await TestAccounts.RegisterAsync(servers[0].CreateClient());
            var clients = servers.Select(s => s.CreateClient(owner.Token)).ToArray();

            var answers = await Task.WhenAll(Enumerable.Range(0, keys).Select(async k =>
            {
                var key = NewKey();
                var json = $$$"""{"eventType":"suspicious_api_activity","severity":"medium","details":{"attempt":{{{k}}}}}""";
                // The same request reaches every node at once, as a client retrying through a load balancer might.
                return await Task.WhenAll(clients.Select(async client =>
                {
                    using var response = await client.PostWithKeyAsync(EventPath, json, key);
                    return ((int)response.StatusCode, await Json.ReadAsync(response));
                }));
            }));

            foreach (var perKey in answers)
            {
                Assert.All(perKey, a => Assert.True(a.Item1 == 200, $"{a.Item1}: {a.Item2}"));
                Assert.Single(perKey.Select(a => a.Item2.GetProperty("eventId").GetString()).Distinct());
            }
            var leaves = await StoredLog.LeavesAsync(storage.Database!, owner.OrgId);
            Assert.Equal(keys, leaves.Count);
            Assert.Equal(answers.Select(a => a[0].Item2.GetProperty("eventId").GetString()).Order(), leaves.Select(l => l.Id).Order());
        }
        finally
        {
            foreach (var server in servers)
                await server.DisposeAsync();
        }
    }
}
