using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.EventIndex;
using Mudbase.Server.Storage;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// The detail index is written behind the log; queries read the indexed runs plus the unindexed tail past the
/// watermark, so an acknowledged event is found by every filter whether or not it is indexed yet.
/// </summary>
public abstract class EventIndexTests(StorageKind storage)
{
    private static Dictionary<string, string?> IndexerOff() => new() { ["Mudbase:EventIndex:Enabled"] = "false" };

    [Fact]
    public async Task AnEventAppendedPastTheWatermarkIsFoundByEveryDetailFilterAndTheSubjectSearch()
    {
        await using var factory = new MudbaseFactory(storage, IndexerOff());
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        var subject = PrivacyAccess.NewSubject();
        var indexed = await LogAsync(owner, subject, "high");
        await owner.LogAsync(new { eventType = "bulk_data_export", severity = "low", details = new { userId = "usr_someone_else" } });
        await factory.Services.GetRequiredService<EventIndexer>().IndexAllAsync(CancellationToken.None);
        Assert.Empty(await PendingAsync(factory));
        var tail = await LogAsync(owner, subject, "low");
        Assert.Single(await PendingAsync(factory));

        foreach (var filter in Filters(subject))
        {
            Assert.Equal([tail, indexed], await IdsAsync(owner, filter));
            Assert.Equal([indexed, tail], await IdsAsync(owner, filter + "&order=asc"));
            Assert.Equal([tail, indexed], await PagedIdsAsync(owner, filter));
        }
        Assert.Equal([indexed], await IdsAsync(owner, $"userId={subject}&severity=high"));
        Assert.Equal([tail], await IdsAsync(owner, $"userId={subject}&severity=low"));
        Assert.Equal(2, (await owner.EraseSubjectOkAsync(subject, dryRun: true)).GetProperty("eventsMatched").GetInt64());
    }

    [Fact]
    public async Task TheIndexerCatchesUpAfterARestartAndEveryQueryAnswersAsBefore()
    {
        var first = new MudbaseFactory(storage, IndexerOff()) { KeepData = true };
        var subject = PrivacyAccess.NewSubject();
        var answers = new Dictionary<string, List<string>>();
        try
        {
            string token;
            await using (first)
            {
                token = (await TestAccounts.RegisterAsync(first.CreateClient())).Token;
                var owner = first.Authorized(token);
                var before = (await PendingAsync(first)).Sum(p => p.Events);
                for (var i = 0; i < 12; i++)
                    await LogAsync(owner, i % 3 == 0 ? subject : $"usr_other_{i}", i % 2 == 0 ? "high" : "low");
                // Nothing is indexed: a crash between append and indexing leaves only a longer tail.
                Assert.Equal(before + 12, (await PendingAsync(first)).Single().Events);
                foreach (var filter in Filters(subject))
                    answers[filter] = await IdsAsync(owner, filter);
                Assert.Equal(4, answers[$"userId={subject}"].Count);
            }

            await using var restarted = new MudbaseFactory(storage, dataDirectory: first.DataDirectory, extraSettings: Reuse(first));
            var client = restarted.Authorized(token);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await PendingAsync(restarted)).Count > 0 && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.Empty(await PendingAsync(restarted));
            foreach (var (filter, ids) in answers)
                Assert.Equal(ids, await IdsAsync(client, filter));
        }
        finally
        {
            if (first.PostgresDatabase is not null)
                await PostgresTestCluster.DropDatabaseAsync(first.PostgresDatabase);
        }
    }

    [Fact]
    public async Task SmallRunsMergeSoAQuietLogKeepsFewRunsAndFindsEveryEvent()
    {
        await using var factory = new MudbaseFactory(storage, IndexerOff());
        var account = await TestAccounts.RegisterAsync(factory.CreateClient());
        var owner = factory.Authorized(account.Token);
        var store = factory.Services.GetRequiredService<IEventIndexStore>();
        var subject = PrivacyAccess.NewSubject();
        var orgId = account.OrgId;
        await EventIndexStep.RunAsync(store, orgId, maxEvents: 1000, fullRunEvents: 1000, CancellationToken.None);
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ids.Insert(0, await LogAsync(owner, subject, "high"));
            Assert.Equal(1, await EventIndexStep.RunAsync(store, orgId, maxEvents: 1000, fullRunEvents: 1000, CancellationToken.None));
        }

        await using (var session = await store.BeginAsync(orgId, CancellationToken.None))
        {
            var runs = await session.LatestRunsAsync(100, CancellationToken.None);
            // Runs like a binary counter: one per set bit of the number of events indexed (40 and those before).
            var total = runs[0].Last;
            Assert.InRange(total, 40, 45);
            Assert.Equal(Enumerable.Range(0, 8).Reverse().Select(bit => 1L << bit).Where(size => (total & size) != 0),
                runs.Reverse().Select(r => r.Last - r.First + 1));
        }
        Assert.Equal(ids, await PagedIdsAsync(owner, $"userId={subject}"));
        Assert.Equal(0, await EventIndexStep.RunAsync(store, orgId, 1000, 1000, CancellationToken.None));
    }

    [Fact]
    public async Task ErasingASubjectRemovesItsIndexEntriesAndNoFilterFindsTheErasedValues()
    {
        await using var factory = new MudbaseFactory(storage, IndexerOff());
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        var subject = PrivacyAccess.NewSubject();
        await LogAsync(owner, subject, "high");
        await factory.Services.GetRequiredService<EventIndexer>().IndexAllAsync(CancellationToken.None);
        await LogAsync(owner, subject, "low");
        Assert.Equal(1, await TermsAsync(factory, subject));

        Assert.Equal(2, (await owner.EraseSubjectOkAsync(subject)).GetProperty("eventsErased").GetInt64());
        await factory.Services.GetRequiredService<EventIndexer>().IndexAllAsync(CancellationToken.None);

        Assert.Equal(0, await TermsAsync(factory, subject));
        Assert.Equal(0, await TermsAsync(factory, $"ip-{subject}"));
        foreach (var filter in Filters(subject).Where(f => !f.StartsWith("resource=", StringComparison.Ordinal)))
            Assert.Empty(await IdsAsync(owner, filter));
    }

    [Fact]
    public async Task AStepReadsAndSortsBeforeItTakesTheLockWhereTheLockHoldsUpAppends()
    {
        await using var factory = new MudbaseFactory(storage, IndexerOff());
        var account = await TestAccounts.RegisterAsync(factory.CreateClient());
        var owner = factory.Authorized(account.Token);
        var subject = PrivacyAccess.NewSubject();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Insert(0, await LogAsync(owner, subject, "high"));
        var store = new InterleavingIndexStore(factory.Services.GetRequiredService<IEventIndexStore>(), () => Task.CompletedTask);

        Assert.InRange(await EventIndexStep.RunAsync(store, account.OrgId, 1000, 1000, CancellationToken.None), 5, 10);

        // SQLite's one writer serves the appends too: the session only checks and writes. PostgreSQL's index lock
        // holds up no append, so its session plans the run itself.
        if (storage == StorageKind.Sqlite)
            Assert.Equal(0, store.SessionDetailReads);
        else
            Assert.NotEqual(0, store.SessionDetailReads);
        Assert.Empty(await PendingAsync(factory));
        Assert.Equal(ids, await IdsAsync(owner, $"userId={subject}"));
    }

    [Fact]
    public async Task AnErasureBetweenTheSnapshotAndTheLockLeavesNoErasedValueInTheIndex()
    {
        await using var factory = new MudbaseFactory(storage, IndexerOff());
        var account = await TestAccounts.RegisterAsync(factory.CreateClient());
        var owner = factory.Authorized(account.Token);
        var subject = PrivacyAccess.NewSubject();
        await LogAsync(owner, subject, "high");
        await LogAsync(owner, subject, "low");
        var store = new InterleavingIndexStore(factory.Services.GetRequiredService<IEventIndexStore>(),
            async () => Assert.Equal(2, (await owner.EraseSubjectOkAsync(subject)).GetProperty("eventsErased").GetInt64()));

        Assert.InRange(await EventIndexStep.RunAsync(store, account.OrgId, 1000, 1000, CancellationToken.None), 2, 10);

        Assert.Empty(await PendingAsync(factory));
        foreach (var filter in Filters(subject).Where(f => !f.StartsWith("resource=", StringComparison.Ordinal)))
            Assert.Empty(await IdsAsync(owner, filter));
    }

    [Fact]
    public async Task ARunIndexedBetweenTheSnapshotAndTheLockIsNotWrittenAgain()
    {
        await using var factory = new MudbaseFactory(storage, IndexerOff());
        var account = await TestAccounts.RegisterAsync(factory.CreateClient());
        var owner = factory.Authorized(account.Token);
        var subject = PrivacyAccess.NewSubject();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Insert(0, await LogAsync(owner, subject, "high"));
        var inner = factory.Services.GetRequiredService<IEventIndexStore>();
        var store = new InterleavingIndexStore(inner,
            async () => Assert.InRange(await EventIndexStep.RunAsync(inner, account.OrgId, 1000, 1000, CancellationToken.None), 3, 10));

        Assert.Equal(0, await EventIndexStep.RunAsync(store, account.OrgId, 1000, 1000, CancellationToken.None));

        await using (var session = await inner.BeginAsync(account.OrgId, CancellationToken.None))
        {
            var runs = (await session.LatestRunsAsync(100, CancellationToken.None)).Reverse().ToList();
            Assert.Equal(1, runs[0].First);
            Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.Equal(pair.First.Last + 1, pair.Second.First));
        }
        Assert.Equal(ids, await IdsAsync(owner, $"userId={subject}"));
    }

    [Fact]
    public async Task ErasingASubjectRemovesItsEventsFromAListOtherEventsStillHold()
    {
        await using var factory = new MudbaseFactory(storage, IndexerOff());
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        var (subject, other) = (PrivacyAccess.NewSubject(), PrivacyAccess.NewSubject());
        var shared = $"ip-shared-{subject}";
        var kept = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var id = await owner.LogAsync(new
            {
                eventType = "bulk_data_export",
                severity = "low",
                details = new { userId = i % 2 == 0 ? subject : other, ipAddress = shared, resource = "/files/shared" },
            });
            if (i % 2 == 1)
                kept.Insert(0, id);
        }
        await factory.Services.GetRequiredService<EventIndexer>().IndexAllAsync(CancellationToken.None);
        Assert.Equal(6, await TermsAsync(factory, shared));

        Assert.Equal(3, (await owner.EraseSubjectOkAsync(subject)).GetProperty("eventsErased").GetInt64());

        Assert.Equal(3, await TermsAsync(factory, shared));
        Assert.Equal(0, await TermsAsync(factory, subject));
        Assert.Equal(3, await TermsAsync(factory, other));
        Assert.Equal(kept, await IdsAsync(owner, $"ipAddress={shared}"));
        Assert.Equal(kept, await PagedIdsAsync(owner, $"ipAddress={shared}&eventType=bulk_data_export"));
        Assert.Empty(await IdsAsync(owner, $"userId={subject}"));
    }

    [Fact]
    public async Task ErasingOneEventsDetailsTakesItOutOfTheListsOfTheErasedValuesOnly()
    {
        await using var factory = new MudbaseFactory(storage, IndexerOff());
        var account = await TestAccounts.RegisterAsync(factory.CreateClient());
        var owner = factory.Authorized(account.Token);
        var subject = PrivacyAccess.NewSubject();
        var kept = await LogAsync(owner, subject, "high");
        var erased = await LogAsync(owner, subject, "low");
        await factory.Services.GetRequiredService<EventIndexer>().IndexAllAsync(CancellationToken.None);
        Assert.Empty(await PendingAsync(factory));

        Assert.True(await factory.Services.GetRequiredService<ILedgerStore>()
            .EraseDetailsAsync(account.OrgId, erased, ["userId"], CancellationToken.None));

        Assert.Equal([kept], await IdsAsync(owner, $"userId={subject}"));
        Assert.Equal([erased, kept], await IdsAsync(owner, $"ipAddress=ip-{subject}"));
    }

    private static IEnumerable<string> Filters(string subject) =>
    [
        $"userId={subject}",
        $"ipAddress=ip-{subject}",
        $"resource=/files/{subject}",
        $"userId={subject}&ipAddress=ip-{subject}&resource=/files/{subject}",
        $"resource=/files/{subject}&eventType=unauthorized_access_attempt",
    ];

    private static Task<string> LogAsync(HttpClient owner, string subject, string severity) =>
        owner.LogAsync(new
        {
            eventType = "unauthorized_access_attempt",
            severity,
            details = new { userId = subject, ipAddress = $"ip-{subject}", resource = $"/files/{subject}" },
        });

    private static async Task<List<string>> IdsAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/compliance/security-events?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!).ToList();
    }

    // One event per page, following the cursors across the watermark.
    private static async Task<List<string>> PagedIdsAsync(HttpClient client, string query)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync($"/api/compliance/security-events?{query}&limit=1" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Json.ReadAsync(response);
            ids.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!));
            cursor = page.GetProperty("nextCursor") is { ValueKind: JsonValueKind.String } next ? Uri.EscapeDataString(next.GetString()!) : null;
        }
        while (cursor is not null && ids.Count < 100);
        return ids;
    }

    private static Task<IReadOnlyList<PendingIndex>> PendingAsync(MudbaseFactory factory) =>
        factory.Services.GetRequiredService<IEventIndexStore>().PendingAsync(CancellationToken.None);

    private static async Task<long> TermsAsync(MudbaseFactory factory, string value)
    {
        await using var connection = await factory.OpenDatabaseAsync();
        return (await StoredPostings.ReadAsync(connection)).Count(entry => entry.Value == value);
    }

    private static Dictionary<string, string?>? Reuse(MudbaseFactory first) => first.PostgresDatabase is null
        ? null
        : new() { ["ConnectionStrings:Mudbase"] = first.PostgresDatabase.ConnectionString };
}

public sealed class EventIndexOnSqlite() : EventIndexTests(StorageKind.Sqlite);

public sealed class EventIndexOnPostgres() : EventIndexTests(StorageKind.Postgres);
