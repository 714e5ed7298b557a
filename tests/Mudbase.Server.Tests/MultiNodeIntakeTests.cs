using System.Net;
using Mudbase.Server.Compliance.Idempotency;
using Mudbase.Server.Storage.Postgres;
using Mudbase.Server.Tests.Infrastructure;
using Npgsql;
using static Mudbase.Server.Tests.Infrastructure.IdempotentPosts;

namespace Mudbase.Server.Tests;

/// <summary>
/// The intake of several nodes: while another transaction holds an organisation's integrator lease (here the test,
/// with the same advisory lock), nodes park their requests durably in the intake and answer nothing; once the lease is
/// free an integrator sequences everything pending, from every node, and each request is answered where it was taken.
/// </summary>
public sealed partial class MultiNodeTests
{
    private const string Single = """{"eventType":"bulk_data_export","severity":"high","details":{"userId":"usr_intake"}}""";

    [Fact]
    public async Task RequestsParkedOnTwoNodesAreAnsweredOnlyAfterOneIntegratorSignedThemAndASharedKeyRecordsOneEvent()
    {
        await using var storage = ProcessStorage.Create(StorageKind.Postgres);
        var nodes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => storage.StartServerAsync()));
        try
        {
            var owner = await TestAccounts.RegisterAsync(nodes[0].CreateClient());
            var clients = nodes.Select(n => n.CreateClient(owner.Token)).ToArray();
            var before = (await StoredLog.LeavesAsync(storage.Database!, owner.OrgId)).Count;
            var shared = NewKey();

            Task<HttpResponseMessage>[] posts;
            await using (var lease = await HoldLeaseAsync(storage.Database!, owner.OrgId))
            {
                // Three requests per node, and one idempotency key sent to both nodes.
                posts = [.. Enumerable.Range(0, 6).Select(i => clients[i % 2].PostWithKeyAsync(EventPath, Single, NewKey())),
                    clients[0].PostWithKeyAsync(EventPath, Single, shared), clients[1].PostWithKeyAsync(EventPath, Single, shared)];
                await WaitUntilAsync(async () => await IntakeCountAsync(storage.Database!, owner.OrgId) == posts.Length);
                await Task.Delay(300);
                Assert.DoesNotContain(posts, p => p.IsCompleted);
                Assert.Equal(before, (await StoredLog.LeavesAsync(storage.Database!, owner.OrgId)).Count);
            }

            var answers = await AnsweredAsync(posts, nodes);
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            var ids = await Task.WhenAll(answers.Select(async a => (await Json.ReadAsync(a)).GetProperty("eventId").GetString()!));
            Assert.Equal(ids[^2], ids[^1]);
            Assert.Single(answers[^2..], a => a.Headers.Contains(IdempotentWrites.ReplayedHeader));
            Assert.Equal(0, await IntakeCountAsync(storage.Database!, owner.OrgId));
            var leaves = await StoredLog.LeavesAsync(storage.Database!, owner.OrgId);
            Assert.Equal(before + posts.Length - 1, leaves.Count);
            await AssertOneLinearVerifiableLogAsync(storage.Database!, owner.OrgId, ids.Distinct().ToList(), clients);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task RequestsOfANodeKilledAfterTheyReachedTheIntakeAreIntegratedByASurvivorAndTheirRetriesReplayThem()
    {
        const int requests = 5;
        await using var storage = ProcessStorage.Create(StorageKind.Postgres);
        var (victim, survivor) = (await storage.StartServerAsync(), await storage.StartServerAsync());
        try
        {
            var owner = await TestAccounts.RegisterAsync(survivor.CreateClient());
            var keys = Enumerable.Range(0, requests).Select(_ => NewKey()).ToArray();
            var before = (await StoredLog.LeavesAsync(storage.Database!, owner.OrgId)).Count;

            await using (var lease = await HoldLeaseAsync(storage.Database!, owner.OrgId))
            {
                var doomed = victim.CreateClient(owner.Token);
                var posts = keys.Select(k => doomed.PostWithKeyAsync(EventPath, Single, k)).ToArray();
                await WaitUntilAsync(async () => await IntakeCountAsync(storage.Database!, owner.OrgId) == requests);
                victim.Kill();
                foreach (var post in posts)
                    await Assert.ThrowsAnyAsync<Exception>(() => post);
            }

            // Nobody posts to the survivor: it finds the stalled requests in the intake on its own.
            await WaitUntilAsync(async () => await IntakeCountAsync(storage.Database!, owner.OrgId) == 0);
            var leaves = await StoredLog.LeavesAsync(storage.Database!, owner.OrgId);
            Assert.Equal(before + requests, leaves.Count);

            using var client = survivor.CreateClient(owner.Token);
            var replayed = new List<string>();
            foreach (var key in keys)
            {
                using var retry = await client.PostWithKeyAsync(EventPath, Single, key);
                Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
                Assert.True(retry.Headers.Contains(IdempotentWrites.ReplayedHeader));
                replayed.Add((await Json.ReadAsync(retry)).GetProperty("eventId").GetString()!);
            }
            Assert.Equal(leaves.Skip(before).Select(l => l.Id).Order(), replayed.Order());
            await AssertOneLinearVerifiableLogAsync(storage.Database!, owner.OrgId, replayed, [client]);
        }
        finally
        {
            await victim.DisposeAsync();
            await survivor.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage[]> AnsweredAsync(Task<HttpResponseMessage>[] posts, ServerProcess[] nodes)
    {
        try
        {
            return await Task.WhenAll(posts).WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            Assert.Fail("requests were not answered within 20 s:\n" + string.Join("\n---\n", nodes.Select(n => n.OutputTail)));
            throw;
        }
    }

    /// <summary>
    /// Holds the organisation's integrator lease on a connection of its own until disposed. Unpooled: a session lock
    /// outlives a connection returned to the pool until the pool reuses it.
    /// </summary>
    private static async Task<NpgsqlConnection> HoldLeaseAsync(PostgresTestDatabase database, string orgId)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@class, hashtext(@org))", connection);
        command.Parameters.AddWithValue("class", PostgresIntakeLease.ClassId);
        command.Parameters.AddWithValue("org", orgId);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<long> IntakeCountAsync(PostgresTestDatabase database, string orgId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM append_intake WHERE org_id = @org", connection);
        command.Parameters.AddWithValue("org", orgId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what = "the intake", int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not reach the expected state within {seconds} s");
            await Task.Delay(50);
        }
    }
}
