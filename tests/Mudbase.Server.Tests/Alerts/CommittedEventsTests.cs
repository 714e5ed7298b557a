using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Alerts.Committed;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

/// <summary>
/// The window of newly committed events shared by every follower of a log: the head of the log is read and rendered
/// once for all of them, a follower far behind still gets every event in order from storage, and the window stays
/// bounded.
/// </summary>
public abstract class CommittedEventsTests(StorageKind storage)
{
    private static readonly Dictionary<string, string?> SmallWindow = new()
    {
        ["Mudbase:CommittedEvents:PerOrganisation"] = "8",
        ["Mudbase:CommittedEvents:Total"] = "12",
    };

    [Fact]
    public async Task FollowersAtTheHeadShareOneReadAndOneRenderedMessagePerEvent()
    {
        await using var server = new MudbaseFactory(storage, SmallWindow);
        var (client, orgId) = await OwnerAsync(server);
        var feed = server.Services.GetRequiredService<CommittedEvents>();
        await client.LogManyAsync(3);
        var head = await HeadAsync(feed, orgId);
        await client.LogManyAsync(5);

        var reads = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => feed.ReadAsync(orgId, head + 1, head + 100, CancellationToken.None)));

        Assert.All(reads, read => Assert.Equal(Enumerable.Range(1, 5).Select(i => head + i), read.Select(e => e.Sequence)));
        for (var i = 0; i < 5; i++)
        {
            Assert.All(reads, read => Assert.Same(reads[0][i], read[i]));
            Assert.All(reads, read => Assert.Same(reads[0][i].Message, read[i].Message));
        }
    }

    [Fact]
    public async Task AFollowerFarBehindTheWindowGetsEveryEventInOrderFromStorage()
    {
        await using var server = new MudbaseFactory(storage, SmallWindow);
        var (client, orgId) = await OwnerAsync(server);
        var feed = server.Services.GetRequiredService<CommittedEvents>();
        var head = await HeadAsync(feed, orgId);
        var ids = await client.LogManyAsync(20);
        // A follower at the head fills the window with the newest events.
        await feed.ReadAsync(orgId, head + 1, head + 20, CancellationToken.None);
        var atHead = await feed.ReadAsync(orgId, head + 20, head + 20, CancellationToken.None);

        var behind = await feed.ReadAsync(orgId, head + 1, head + 20, CancellationToken.None);

        Assert.Equal(ids, behind.Select(e => e.Stored.Id));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => head + i), behind.Select(e => e.Sequence));
        Assert.NotSame(atHead[0], behind[^1]);
        Assert.InRange(feed.Kept, 1, 8);
    }

    [Fact]
    public async Task TheWindowKeepsAtMostItsTotalForAllOrganisations()
    {
        await using var server = new MudbaseFactory(storage, SmallWindow);
        var feed = server.Services.GetRequiredService<CommittedEvents>();
        for (var org = 0; org < 3; org++)
        {
            var (client, orgId) = await OwnerAsync(server);
            var head = await HeadAsync(feed, orgId);
            await client.LogManyAsync(6);
            Assert.Equal(6, (await feed.ReadAsync(orgId, head + 1, head + 6, CancellationToken.None)).Count);
            Assert.InRange(feed.Kept, 1, 12);
        }
    }

    [Fact]
    public async Task AnErasureDropsTheKeptEventsSoFollowersNoLongerSeeTheErasedDetails()
    {
        await using var server = new MudbaseFactory(storage, SmallWindow);
        var (client, orgId) = await OwnerAsync(server);
        var feed = server.Services.GetRequiredService<CommittedEvents>();
        var head = await HeadAsync(feed, orgId);
        var subject = PrivacyAccess.NewSubject();
        await client.LogAboutAsync(subject, "kept");
        var kept = await feed.ReadAsync(orgId, head + 1, head + 1, CancellationToken.None);
        Assert.Equal(subject, Assert.Single(kept).View.Details["userId"].GetString());
        Assert.True(feed.Kept > 0);

        await client.EraseSubjectOkAsync(subject);

        var after = Assert.Single(await feed.ReadAsync(orgId, head + 1, head + 1, CancellationToken.None));
        Assert.False(after.View.Details.ContainsKey("userId"));
        Assert.Contains("userId", after.View.ErasedFields ?? []);
    }

    private static async Task<long> HeadAsync(CommittedEvents feed, string orgId)
    {
        long head = 0;
        while ((await feed.ReadAsync(orgId, head + 1, head + 1000, CancellationToken.None)) is { Count: > 0 } read)
            head = read[^1].Sequence;
        return head;
    }

    private static async Task<(HttpClient Client, string OrgId)> OwnerAsync(MudbaseFactory server)
    {
        var client = server.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);
        client.DefaultRequestHeaders.Authorization = new("Bearer", account.Token);
        return (client, account.OrgId);
    }
}

public sealed class CommittedEventsOnSqlite() : CommittedEventsTests(StorageKind.Sqlite);

public sealed class CommittedEventsOnPostgres() : CommittedEventsTests(StorageKind.Postgres);
