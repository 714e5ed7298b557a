using System.Net.Http.Json;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

/// <summary>
/// Real server processes killed with SIGKILL while they record events and evaluate the built-in rule "five
/// unauthorized access attempts from one address": after a restart every recorded group is detected exactly once,
/// with its own events, and nothing is detected for events the killed server never recorded.
/// </summary>
[Collection(SoloCollection.Name)]
public sealed class RuleCrashTests
{
    // Two writers of at most 20 groups a round, three rounds: every attempt fits one page of 500.
    private const int PerGroup = 5, GroupsPerRound = 20;

    private static readonly Dictionary<string, string> Rules = new()
    {
        ["Mudbase__Rules__Evaluate"] = "true",
        ["Mudbase__Rules__MinIntervalMilliseconds"] = "200",
        ["Mudbase__Rules__PollMilliseconds"] = "50",
        ["Mudbase__Rules__LeaseSeconds"] = "2",
        ["Mudbase__Rules__BatchSize"] = "7",
    };

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.Postgres)]
    public async Task AServerKilledWhileEvaluatingRulesDetectsEachRecordedGroupOnceAfterRestartAndNothingUnrecorded(StorageKind kind)
    {
        await using var storage = ProcessStorage.Create(kind);
        var attempted = new HashSet<string>(StringComparer.Ordinal);
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var killedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        string? token = null;
        for (var round = 0; round < 3; round++)
        {
            await using var server = await storage.StartServerAsync(Rules);
            token ??= (await TestAccounts.RegisterAsync(server.CreateClient())).Token;
            using var client = server.CreateClient(token);
            var prefix = $"10.{round}";
            // Killed right after the commit of a group, while earlier groups are still being evaluated, and while
            // another batch may be in flight (recorded or not).
            var kill = new CancellationTokenSource();
            var second = WriteGroupsAsync(client, $"{prefix}.1", attempted, acknowledged, int.MaxValue, () => { }, kill.Token);
            await WriteGroupsAsync(client, $"{prefix}.0", attempted, acknowledged, 6 + 4 * round, () =>
            {
                server.Kill();
                killedAt[prefix] = DateTimeOffset.UtcNow;
                kill.Cancel();
            }, CancellationToken.None);
            await second;
            kill.Dispose();
        }

        await using var restarted = await storage.StartServerAsync(Rules);
        using var reader = restarted.CreateClient(token!);
        var recorded = await RecordedGroupsAsync(reader);
        var barrier = await Detections.LogSequenceAsync(reader, "mfa_bypass_attempt", "high", new { userId = "usr_barrier" });
        await WaitForDetectionOfAsync(reader, barrier);
        var detections = (await Detections.ListAsync(reader)).Where(d => d.Detail("rule") == "Repeated unauthorized access from one address").ToList();

        Assert.Superset(acknowledged, recorded.Keys.ToHashSet(StringComparer.Ordinal));
        Assert.Subset(attempted, recorded.Keys.ToHashSet(StringComparer.Ordinal));
        Assert.All(recorded, group => Assert.Equal(PerGroup, group.Value.Count));
        var byAddress = detections.GroupBy(d => d.Detail("ipAddress")).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Assert.Equal(recorded.Keys.Order(StringComparer.Ordinal), byAddress.Keys.Order(StringComparer.Ordinal));
        foreach (var (address, found) in byAddress)
            Assert.Equal(string.Join(',', recorded[address]), Assert.Single(found).Detail("triggeringSequences"));
        // Some groups were recorded by a killed server and detected only after a restart: the crash path was taken.
        Assert.Contains(detections, d => d.GetProperty("recordedAt").GetDateTimeOffset() > killedAt[string.Join('.', d.Detail("ipAddress").Split('.')[..2])]);
    }

    // Each group is one batch of five attempts from one address, so a group is recorded whole or not at all. After
    // the group numbered killAfter is acknowledged, kill runs at once.
    private static async Task WriteGroupsAsync(
        HttpClient client, string prefix, HashSet<string> attempted, HashSet<string> acknowledged, int killAfter, Action kill,
        CancellationToken cancellationToken)
    {
        for (var g = 0; g < GroupsPerRound && !cancellationToken.IsCancellationRequested; g++)
        {
            var address = $"{prefix}.{g + 1}";
            var events = Enumerable.Range(0, PerGroup)
                .Select(i => new { eventType = "unauthorized_access_attempt", severity = "medium", details = new { ipAddress = address, attempt = i } })
                .ToArray();
            lock (attempted)
                attempted.Add(address);
            try
            {
                using var response = await client.PostAsJsonAsync(IdempotentPosts.BatchPath, new { events }, cancellationToken);
                if (!response.IsSuccessStatusCode)
                    return;
                lock (acknowledged)
                    acknowledged.Add(address);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return;
            }
            if (g + 1 == killAfter)
            {
                kill();
                return;
            }
        }
    }

    private static async Task<Dictionary<string, List<long>>> RecordedGroupsAsync(HttpClient client)
    {
        var body = await Json.ReadAsync(await client.GetAsync("/api/compliance/security-events?eventType=unauthorized_access_attempt&order=asc&limit=500"));
        var events = body.GetProperty("events").EnumerateArray().ToList();
        Assert.True(events.Count < 500, "more attempts than one page; shorten the rounds");
        return events
            .GroupBy(e => e.Detail("ipAddress"))
            .ToDictionary(g => g.Key, g => g.Select(e => e.GetProperty("sequence").GetInt64()).ToList(), StringComparer.Ordinal);
    }

    // Rules evaluate in sequence order: once the barrier's detection is recorded, every earlier event was evaluated.
    private static async Task WaitForDetectionOfAsync(HttpClient client, long sequence)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await Detections.ListAsync(client)).Any(d => d.Detail("triggeringSequences") == sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the barrier event was not evaluated within 60 s");
            await Task.Delay(100);
        }
    }
}
