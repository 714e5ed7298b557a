using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Mudbase.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using static Mudbase.Server.Tests.Infrastructure.IdempotentPosts;

namespace Mudbase.Server.Tests;

/// <summary>
/// The embedded store under failing disk I/O: a real server process whose <c>pwrite</c>s, <c>fsync</c>s and <c>pread</c>s fail
/// (libfiu) in rounds armed at ever later points of a running append load, with ever higher probability. While a fault
/// is on, a write is answered 200 (committed) or 503 (nothing recorded), never anything else; once it is off the server
/// recovers without a restart; after a SIGKILL and restart the self-check passes, every acknowledged event is there,
/// the evidence export verifies, and every keyed write answers its first response. MUDBASE_FAULT_ROUNDS raises the
/// number of rounds (default 9, about 15 s) for a longer run.
/// </summary>
[Collection(SoloCollection.Name)]
public sealed class IoFaultTests(ITestOutputHelper output)
{
    private static readonly string[] FailurePoints = ["posix/io/rw/pwrite", "posix/io/sync/*", "posix/io/rw/pread"];

    [Fact]
    public async Task FailingWritesAndFsyncsDuringAppendsAre503sNeverLosesAnAcknowledgedEventAndTheLedgerVerifiesAfterRestart()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("MUDBASE_FAULT_ROUNDS"), out var asked) && asked > 0 ? asked : 9;
        using var faults = new FaultInjector();
        await using var data = ProcessStorage.Create(StorageKind.Sqlite);
        var load = new AppendLoad();
        TestAccount owner;
        await using (var server = await ServerProcess.StartAsync(data.DataDirectory, launcher: faults.Launcher))
        {
            owner = await TestAccounts.RegisterAsync(server.CreateClient());
            using var client = server.CreateClient(owner.Token);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => load.RunAsync(client, w, stop.Token)).ToArray();

            for (var round = 0; round < rounds; round++)
            {
                var point = FailurePoints[round % FailurePoints.Length];
                var probability = Math.Min(1.0, 0.05 * Math.Pow(2, round % 6));
                // Armed at an ever later point of the log.
                await load.WaitForAcknowledgedAsync(50 * (round + 1), server);
                await faults.EnableAsync(server, point, probability);
                await Task.Delay(400);
                await faults.DisableAsync(server, point);
                await load.WaitForRecoveryAsync(server);
            }
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            Assert.True(load.Unexpected.IsEmpty, $"answers other than 200/503: {string.Join("; ", load.Unexpected.Take(5))}\n{server.OutputTail}");
            Assert.True(load.Refused > 0, "no write was refused: the faults did not reach the store");
            output.WriteLine($"{rounds} fault rounds: {load.Acknowledged.Count} events acknowledged, {load.Refused} writes refused with 503");
            server.Kill();
        }

        await using var restarted = await data.StartServerAsync();
        using var reader = restarted.CreateClient(owner.Token);
        var selfCheck = await SelfCheckAsync(reader);
        Assert.True(selfCheck.GetProperty("ok").GetBoolean(), $"self-check after restart: {selfCheck}");
        foreach (var id in load.Acknowledged.Keys)
        {
            using var response = await reader.GetAsync($"api/compliance/security-events/{id}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"acknowledged event {id} is missing after the faults");
        }
        var report = await reader.ExportAndVerifyAsync(await reader.PublicKeyAsync());
        Assert.True(report.Ok, $"leaf {report.FirstFailure?.LeafIndex}: {report.FirstFailure?.Reason}");
        Assert.Equal(load.Acknowledged.Count, report.EventsVerified);
        foreach (var (path, key, json, firstAnswer) in load.Keyed.Take(40))
        {
            using var replay = await reader.PostWithKeyAsync(path, json, key);
            Assert.Equal(firstAnswer, await replay.Content.ReadAsStringAsync());
        }
    }

    private static async Task<System.Text.Json.JsonElement> SelfCheckAsync(HttpClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await client.GetAsync("api/compliance/summary");
            var ledger = (await Json.ReadAsync(response)).GetProperty("data").GetProperty("ledger");
            if (ledger.TryGetProperty("selfCheck", out var check) && check.ValueKind == System.Text.Json.JsonValueKind.Object)
                return check;
            Assert.True(attempt < 100, "the self-check did not run after restart");
            await Task.Delay(100);
        }
    }

    /// <summary>Batches of three and single events, every other one with an Idempotency-Key, and what each answer was.</summary>
    private sealed class AppendLoad
    {
        private int sent;

        public ConcurrentDictionary<string, byte> Acknowledged { get; } = new();

        public ConcurrentQueue<(string Path, string Key, string Json, string Answer)> Keyed { get; } = new();

        public ConcurrentQueue<string> Unexpected { get; } = new();

        public int Refused;

        public async Task RunAsync(HttpClient client, int writer, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                // Even writers send batches of three, odd ones single events.
                var events = Enumerable.Range(0, writer % 2 == 0 ? 3 : 1).Select(i => string.Create(CultureInfo.InvariantCulture,
                    $"{{\"eventType\":\"suspicious_api_activity\",\"severity\":\"medium\",\"details\":{{\"writer\":{writer},\"n\":{n},\"i\":{i}}}}}"));
                var (path, json) = writer % 2 == 0 ? (BatchPath, "{\"events\":[" + string.Join(",", events) + "]}") : (EventPath, events.Single());
                var key = n % 2 == 0 ? NewKey() : null;
                using var response = await SendAsync(client, path, json, key);
                if (response is null)
                    return;
                var answer = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var body = System.Text.Json.JsonDocument.Parse(answer);
                    if (body.RootElement.TryGetProperty("eventId", out var single))
                        Acknowledged[single.GetString()!] = 0;
                    else
                    {
                        foreach (var id in body.RootElement.GetProperty("eventIds").EnumerateArray())
                            Acknowledged[id.GetString()!] = 0;
                    }
                    if (key is not null)
                        Keyed.Enqueue((path, key, json, answer));
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    Interlocked.Increment(ref Refused);
                else
                    Unexpected.Enqueue($"{(int)response.StatusCode} {answer}");
            }
        }

        private async Task<HttpResponseMessage?> SendAsync(HttpClient client, string path, string json, string? key)
        {
            try
            {
                return key is null ? await client.PostAsync(path, Json.Body(json)) : await client.PostWithKeyAsync(path, json, key);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                Unexpected.Enqueue($"no answer: {e.Message}");
                return null;
            }
        }

        public async Task WaitForAcknowledgedAsync(int count, ServerProcess server)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Acknowledged.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {Acknowledged.Count} of {count} events acknowledged\n{server.OutputTail}");
                await Task.Delay(10);
            }
        }

        /// <summary>Writes succeed again within seconds of the fault ending, without a restart.</summary>
        public Task WaitForRecoveryAsync(ServerProcess server) => WaitForAcknowledgedAsync(Acknowledged.Count + 3, server);
    }
}
