using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Mudbase.Ledger;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>Three real server processes on one PostgreSQL database behave as one deployment with one linear log per org.</summary>
[Collection(SoloCollection.Name)]
public sealed partial class MultiNodeTests
{
    private const int Nodes = 3;

    [Fact]
    public async Task NodesStartedTogetherOnOneEmptyDataDirectoryEndUpWithTheSameKeys()
    {
        await using var storage = ProcessStorage.Create(StorageKind.Postgres);
        var nodes = await Task.WhenAll(Enumerable.Range(0, Nodes).Select(_ => storage.StartServerAsync()));
        try
        {
            var owner = await TestAccounts.RegisterAsync(nodes[0].CreateClient());
            var verifierKeys = new List<string>();
            foreach (var node in nodes)
            {
                // A token minted by node 0 is accepted by every node, and each node signs a checkpoint of its own.
                using var client = Authorized(node, owner.Token);
                await client.LogAsync(new { eventType = "admin_privilege_escalation", severity = "critical" });
                using var key = await client.GetAsync("api/compliance/ledger/public-key");
                verifierKeys.Add((await Json.ReadAsync(key)).GetProperty("verifierKey").GetString()!);
            }

            var verifier = NoteVerifier.Parse(Assert.Single(verifierKeys.Distinct()));
            var checkpoints = await StoredLog.CheckpointsAsync(storage.Database!, owner.OrgId);
            Assert.Equal([1L, 2L, 3L], checkpoints.Select(c => c.TreeSize));
            Assert.All(checkpoints, c => Assert.True(verifier.TryVerify(c.Note, out _), $"checkpoint {c.TreeSize} does not verify"));
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task ThirtyTwoClientsOnThreeNodesKeepOneLinearVerifiableLogThroughTheLossOfANode()
    {
        const int clients = 32, perClient = 313, killAfter = 3000, victim = Nodes - 1;
        // Keys from configuration, as a secret store would provide them: the nodes share no directory at all.
        var keys = new Dictionary<string, string>
        {
            ["Mudbase__Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Mudbase__Ledger__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        await using var storage = ProcessStorage.Create(StorageKind.Postgres);
        var nodes = await Task.WhenAll(Enumerable.Range(0, Nodes).Select(i =>
            storage.StartServerAsync(keys, Path.Combine(storage.DataDirectory, $"node{i}"))));
        try
        {
            var owner = await TestAccounts.RegisterAsync(nodes[0].CreateClient());
            var http = nodes.Select(n => Authorized(n, owner.Token)).ToArray();
            var acknowledged = new ConcurrentBag<string>();
            var refused = new ConcurrentBag<string>();
            var victimKilled = 0;
            var loadDone = new TaskCompletionSource();

            var killer = Task.Run(async () =>
            {
                while (acknowledged.Count < killAfter && !loadDone.Task.IsCompleted)
                    await Task.Delay(5);
                nodes[victim].Kill();
                Volatile.Write(ref victimKilled, 1);
            });
            var load = Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var node = c % Nodes;
                for (var i = 0; i < perClient; i++)
                {
                    try
                    {
                        using var response = await http[node].PostEventAsync(new
                        {
                            eventType = "suspicious_api_activity",
                            severity = "medium",
                            details = new { userId = $"usr_{c}", attempt = i },
                        });
                        if (response.StatusCode == HttpStatusCode.OK)
                            acknowledged.Add((await Json.ReadAsync(response)).GetProperty("eventId").GetString()!);
                        else
                            refused.Add($"node {node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                    catch (Exception e) when (node == victim && e is HttpRequestException or IOException or TaskCanceledException)
                    {
                        // The request died with its node: it was never acknowledged, so nothing is promised about it.
                        await killer;
                        node = c % (Nodes - 1);
                    }
                }
            })));
            await load.ContinueWith(_ => loadDone.SetResult(), TaskScheduler.Default);
            await load;
            await killer;

            Assert.Equal(1, Volatile.Read(ref victimKilled));
            Assert.Empty(refused);
            Assert.True(acknowledged.Count > clients * perClient - clients, $"only {acknowledged.Count} events were acknowledged");
            var survivors = http.Take(victim).ToArray();
            await AssertOneLinearVerifiableLogAsync(storage.Database!, owner.OrgId, acknowledged.ToList(), survivors);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    private static async Task AssertOneLinearVerifiableLogAsync(
        PostgresTestDatabase database, string orgId, List<string> acknowledged, HttpClient[] survivors)
    {
        var leaves = await StoredLog.LeavesAsync(database, orgId);
        Assert.Equal(Enumerable.Range(1, leaves.Count).Select(i => (long)i), leaves.Select(l => l.Sequence));
        var storedIds = leaves.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(leaves.Count, storedIds.Count);
        Assert.Equal(acknowledged.Count, acknowledged.Distinct().Count());
        Assert.DoesNotContain(acknowledged, id => !storedIds.Contains(id));

        // The tree built from the stored leaves is the one the latest checkpoint signed.
        var key = await survivors[0].PublicKeyAsync();
        var checkpoints = await StoredLog.CheckpointsAsync(database, orgId);
        var range = new CompactRange();
        foreach (var leaf in leaves)
            range.Append(leaf.LeafHash);
        var latest = checkpoints[^1];
        Assert.Equal(leaves.Count, latest.TreeSize);
        Assert.Equal(range.Root(), latest.Root);
        Assert.True(key.TryVerify(latest.Note, out var body) && Checkpoint.TryParse(body, out var signed)
            && signed.Size == leaves.Count && signed.RootHash.AsSpan().SequenceEqual(latest.Root));

        // Every checkpoint extends the one before it: a fork anywhere in the history would break one of these proofs.
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < checkpoints.Count; i = Interlocked.Increment(ref next))
            {
                var (older, newer) = (checkpoints[i - 1], checkpoints[i]);
                Assert.True(key.TryVerify(newer.Note, out _), $"checkpoint {newer.TreeSize} does not verify");
                using var response = await survivors[worker % survivors.Length].GetAsync(
                    $"api/compliance/ledger/consistency?from={older.TreeSize}&to={newer.TreeSize}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var proof = LedgerClient.Hashes((await Json.ReadAsync(response)).GetProperty("proof"));
                Assert.True(MerkleProofs.VerifyConsistency(older.TreeSize, newer.TreeSize, proof, older.Root, newer.Root),
                    $"checkpoint {newer.TreeSize} does not extend checkpoint {older.TreeSize}");
            }
        })));

        var report = await survivors[^1].ExportAndVerifyAsync(key);
        Assert.True(report.Ok, $"leaf {report.FirstFailure?.LeafIndex}: {report.FirstFailure?.Reason}");
        Assert.Equal(leaves.Count, report.EventsVerified);
    }

    private static HttpClient Authorized(ServerProcess node, string token)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
