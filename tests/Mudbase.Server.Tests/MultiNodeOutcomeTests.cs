using System.Net;
using Mudbase.Server.Tests.Infrastructure;
using Npgsql;
using static Mudbase.Server.Tests.Infrastructure.IdempotentPosts;

namespace Mudbase.Server.Tests;

/// <summary>
/// Faults on the way back from the intake: a notification that never arrives, and an integrator that dies after its
/// commit and before the waiting node read the outcome. Each parked request is still answered once, 200, with the id
/// the log holds.
/// </summary>
public sealed partial class MultiNodeTests
{
    [Fact]
    public async Task RequestsParkedWhileTheNodesListeningConnectionsWereCutAreAnsweredOnceWithTheIdsTheLogHolds()
    {
        await using var storage = ProcessStorage.Create(StorageKind.Postgres);
        var nodes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => storage.StartServerAsync()));
        try
        {
            var owner = await TestAccounts.RegisterAsync(nodes[0].CreateClient());
            var clients = nodes.Select(n => n.CreateClient(owner.Token)).ToArray();
            var before = (await StoredLog.LeavesAsync(storage.Database!, owner.OrgId)).Count;

            Task<HttpResponseMessage>[] posts;
            await using (var lease = await HoldLeaseAsync(storage.Database!, owner.OrgId))
            {
                posts = [.. Enumerable.Range(0, 6).Select(i => clients[i % 2].PostWithKeyAsync(EventPath, Single, NewKey()))];
                await WaitUntilAsync(async () => await IntakeCountAsync(storage.Database!, owner.OrgId) == posts.Length);
                // Every node's LISTEN connection is terminated: the integration below is announced to nobody.
                Assert.Equal(2, await TerminateListenersAsync(storage.Database!));
            }

            var answers = await AnsweredAsync(posts, nodes);
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            var ids = await Task.WhenAll(answers.Select(async a => (await Json.ReadAsync(a)).GetProperty("eventId").GetString()!));
            var leaves = await StoredLog.LeavesAsync(storage.Database!, owner.OrgId);
            Assert.Equal(leaves.Skip(before).Select(l => l.Id).Order(), ids.Order());
            Assert.Equal(0, await IntakeCountAsync(storage.Database!, owner.OrgId));
            await AssertOneLinearVerifiableLogAsync(storage.Database!, owner.OrgId, [.. ids], clients);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task RequestsIntegratedByANodeKilledBeforeTheirNodeReadTheOutcomeAreAnsweredOnceFromTheOutcomeRows()
    {
        const int requests = 4;
        await using var storage = ProcessStorage.Create(StorageKind.Postgres);
        // The waiting node hears no notification and reads its outcomes every 10 s; the integrator takes stalled rows
        // after half a second, so it integrates them and is killed long before the waiting node looks, even on a
        // loaded machine.
        var waiter = await storage.StartServerAsync(new Dictionary<string, string>
        {
            ["Mudbase__Intake__Listen"] = "false",
            ["Mudbase__Intake__PollIntervalMilliseconds"] = "10000",
            ["Mudbase__Intake__StalledAfterMilliseconds"] = "60000",
        });
        var integrator = await storage.StartServerAsync(new Dictionary<string, string> { ["Mudbase__Intake__StalledAfterMilliseconds"] = "500" });
        try
        {
            var owner = await TestAccounts.RegisterAsync(waiter.CreateClient());
            var client = waiter.CreateClient(owner.Token);
            var before = (await StoredLog.LeavesAsync(storage.Database!, owner.OrgId)).Count;

            Task<HttpResponseMessage>[] posts;
            await using (var lease = await HoldLeaseAsync(storage.Database!, owner.OrgId))
            {
                posts = [.. Enumerable.Range(0, requests).Select(_ => client.PostWithKeyAsync(EventPath, Single, NewKey()))];
                await WaitUntilAsync(async () => await IntakeCountAsync(storage.Database!, owner.OrgId) == requests);
            }
            await WaitUntilAsync(async () => await IntakeCountAsync(storage.Database!, owner.OrgId) == 0);
            // Integrated and committed by the other node: the outcomes wait, nobody has read them yet.
            Assert.Equal(requests, await OutcomeCountAsync(storage.Database!));
            Assert.DoesNotContain(posts, p => p.IsCompleted);
            integrator.Kill();

            var answers = await AnsweredAsync(posts, [waiter]);
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            var ids = await Task.WhenAll(answers.Select(async a => (await Json.ReadAsync(a)).GetProperty("eventId").GetString()!));
            var leaves = await StoredLog.LeavesAsync(storage.Database!, owner.OrgId);
            Assert.Equal(before + requests, leaves.Count);
            Assert.Equal(leaves.Skip(before).Select(l => l.Id).Order(), ids.Order());
            Assert.Equal(0, await OutcomeCountAsync(storage.Database!));
            await AssertOneLinearVerifiableLogAsync(storage.Database!, owner.OrgId, [.. ids], [client]);
        }
        finally
        {
            await integrator.DisposeAsync();
            await waiter.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheIntakeGaugesCountTheRequestsANodeParkedUntilAnIntegratorAnsweredThem()
    {
        const int requests = 3;
        await using var storage = ProcessStorage.Create(StorageKind.Postgres);
        await using var node = await storage.StartServerAsync(new Dictionary<string, string> { ["Mudbase__Metrics__Token"] = "scrape" });
        var owner = await TestAccounts.RegisterAsync(node.CreateClient());
        var client = node.CreateClient(owner.Token);

        Task<HttpResponseMessage>[] posts;
        await using (var lease = await HoldLeaseAsync(storage.Database!, owner.OrgId))
        {
            posts = [.. Enumerable.Range(0, requests).Select(_ => client.PostWithKeyAsync(EventPath, Single, NewKey()))];
            await WaitUntilAsync(async () => await IntakeCountAsync(storage.Database!, owner.OrgId) == requests);
            var parked = await PrometheusScrape.GetAsync(node.CreateClient(), "scrape");
            Assert.Equal(requests, parked.Sum("mudbase_intake_parked"));
            // The whole intake is surveyed once a second.
            await WaitUntilAsync(async () => (await PrometheusScrape.GetAsync(node.CreateClient(), "scrape")).Sum("mudbase_intake_pending") == requests);
        }

        Assert.All(await AnsweredAsync(posts, [node]), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        // A scrape may be served from the exporter's short cache: the gauge reads zero once the cache moved on.
        await WaitUntilAsync(async () => (await PrometheusScrape.GetAsync(node.CreateClient(), "scrape")).Sum("mudbase_intake_parked") == 0);
    }

    private static async Task<long> TerminateListenersAsync(PostgresTestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> OutcomeCountAsync(PostgresTestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM append_outcomes", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
