using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

/// <summary>Two server nodes on one PostgreSQL database: streams see the other node's commits; rules fire once.</summary>
public sealed class MultiNodeAlertTests
{
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Mudbase:Rules:Evaluate"] = "true",
        ["Mudbase:Rules:MinIntervalMilliseconds"] = "0",
        ["Mudbase:Rules:PollMilliseconds"] = "50",
        ["Mudbase:Stream:PollMilliseconds"] = "100",
    };

    [Fact]
    public async Task AStreamOnOneNodeFollowsEventsRecordedOnAnother()
    {
        await using var first = new MudbaseFactory(StorageKind.Postgres, Fast);
        await using var second = SecondNode(first);
        var owner = await TestAccounts.RegisterAsync(first.CreateClient());

        await using var stream = await SseReader.OpenAsync(second.Authorized(owner.Token), "?after=0");
        var writer = first.Authorized(owner.Token);
        for (var i = 0; i < 5; i++)
            await writer.LogAsync(new { eventType = "vault_unsealed", severity = "low", details = new { attempt = i } });
        var seen = await stream.EventsAsync(5);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], seen.Select(e => e.Sequence));
    }

    [Fact]
    public async Task TwoNodesEvaluatingTheSameOrganisationRecordEachDetectionOnce()
    {
        await using var first = new MudbaseFactory(StorageKind.Postgres, Fast);
        await using var second = SecondNode(first);
        var owner = await TestAccounts.RegisterAsync(first.CreateClient());
        var clients = new[] { first.Authorized(owner.Token), second.Authorized(owner.Token) };

        for (var i = 0; i < 10; i++)
        {
            await clients[i % 2].LogAsync(new { eventType = "unauthorized_access_attempt", severity = "high", details = new { ipAddress = $"198.51.100.{i % 2}" } });
            await clients[(i + 1) % 2].LogAsync(new { eventType = "mfa_bypass_attempt", severity = "high", details = new { userId = $"usr_{i}" } });
        }
        var detections = await Detections.WaitForAsync(clients[0], 12);
        await Task.Delay(1000);

        Assert.Equal(12, (await Detections.ListAsync(clients[1])).Count);
        Assert.Equal(12, detections.Select(d => d.Detail("triggeringSequences")).Distinct().Count());
    }

    private static MudbaseFactory SecondNode(MudbaseFactory first) =>
        new(StorageKind.Postgres, new Dictionary<string, string?>(Fast) { ["ConnectionStrings:Mudbase"] = first.PostgresDatabase!.ConnectionString },
            dataDirectory: first.DataDirectory);
}
