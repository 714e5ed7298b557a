using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.EventIndex;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Postings;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// A step that absorbs the small runs before it merges their stored posting lists with the new events' values instead
/// of reading the absorbed events' rows again: what it writes is what indexing every event from its row would write.
/// </summary>
public abstract class EventIndexMergeTests(StorageKind storage)
{
    private const int FullRun = 1000;

    [Fact]
    public async Task AMergedRunHoldsThePostingsOfItsEventsRowsAfterAnEventsAndASubjectsErasure()
    {
        await using var factory = NewFactory();
        var (account, owner, store) = await OrgAsync(factory);
        var (subject, other) = (PrivacyAccess.NewSubject(), PrivacyAccess.NewSubject());
        await StepAsync(store, account.OrgId);
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
            ids.Add(await LogAsync(owner, i % 2 == 0 ? subject : other, i));
        await StepAsync(store, account.OrgId);
        Assert.True(await factory.Services.GetRequiredService<ILedgerStore>()
            .EraseDetailsAsync(account.OrgId, ids[1], ["userId", "resource"], CancellationToken.None));
        Assert.Equal(3, (await owner.EraseSubjectOkAsync(subject)).GetProperty("eventsErased").GetInt64());
        var before = await RunsAsync(store, account.OrgId);
        for (var i = 6; i < 30; i++)
            ids.Add(await LogAsync(owner, i % 2 == 0 ? subject : other, i));

        await StepAsync(store, account.OrgId);

        var merged = Assert.Single(await RunsAsync(store, account.OrgId));
        Assert.Equal(before[^1].First, merged.First);
        await using var connection = await factory.OpenDatabaseAsync();
        var stored = await StoredPostings.PartsAsync(connection, account.OrgId);
        await using (var session = await store.BeginAsync(account.OrgId, CancellationToken.None))
        {
            var fromRows = new RunPostings().Add(await session.DetailsAsync(merged.First, merged.Last, int.MaxValue, CancellationToken.None)).Build();
            Assert.Equal(fromRows.Select(p => (merged.First, p.Field, p.Value, p.Part.First, p.Part.Last, Convert.ToHexString(p.Part.Gaps))),
                stored.Select(p => (p.Run, p.Field, p.Value, p.First, p.Last, Convert.ToHexString(p.Gaps))));
        }
        var entries = await StoredPostings.ReadAsync(connection, account.OrgId);
        // The erasures reached the absorbed lists: the subject's userId and ipAddress only from the events logged after
        // its erasure (which leaves the resource), the erased event out of its userId and resource lists but still in
        // its ipAddress list.
        Assert.Equal(12, entries.Count(e => e.Value == subject));
        Assert.Equal(14, entries.Count(e => e.Value == other));
        Assert.Equal(12, entries.Count(e => e.Value == "ip-shared-0"));
        Assert.Equal(15, entries.Count(e => e.Value == "ip-shared-1"));
        Assert.Equal(29, entries.Count(e => e.Field == EventTerms.Resource && e.Value.StartsWith("/files/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AMergeReadsOnlyTheRowsOfTheEventsPastTheWatermark()
    {
        await using var factory = NewFactory();
        var (account, owner, inner) = await OrgAsync(factory);
        for (var i = 0; i < 3; i++)
            await LogAsync(owner, PrivacyAccess.NewSubject(), i);
        await StepAsync(inner, account.OrgId);
        var watermark = (await RunsAsync(inner, account.OrgId))[0].Last;
        for (var i = 0; i < 8; i++)
            await LogAsync(owner, PrivacyAccess.NewSubject(), i);
        var store = new InterleavingIndexStore(inner, () => Task.CompletedTask);

        Assert.Equal(8, await EventIndexStep.RunAsync(store, account.OrgId, FullRun, FullRun, CancellationToken.None));

        Assert.Single(await RunsAsync(inner, account.OrgId));
        Assert.NotEmpty(store.DetailReadsFrom);
        Assert.All(store.DetailReadsFrom, first => Assert.True(first > watermark, $"read rows from {first}, at or before the watermark {watermark}"));
    }

    [Fact]
    public async Task ACorruptStoredPartOfAnAbsorbedRunIsReportedAndNothingIsWritten()
    {
        await using var factory = NewFactory();
        var (account, owner, store) = await OrgAsync(factory);
        await LogAsync(owner, PrivacyAccess.NewSubject(), 0);
        await StepAsync(store, account.OrgId);
        var runs = await RunsAsync(store, account.OrgId);
        await using (var connection = await factory.OpenDatabaseAsync())
        await using (var command = connection.CreateCommand())
        {
            // A gap whose continuation bit promises a byte that is not there.
            command.CommandText = $"UPDATE event_postings SET gaps = {(storage == StorageKind.Sqlite ? "X'80'" : "'\\x80'::bytea")}"
                + $" WHERE org_id = '{account.OrgId}' AND field = {EventTerms.Severity}";
            Assert.NotEqual(0, await command.ExecuteNonQueryAsync());
        }
        for (var i = 0; i < 4; i++)
            await LogAsync(owner, PrivacyAccess.NewSubject(), i);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StepAsync(store, account.OrgId));

        Assert.Contains($"run {runs[^1].First}", error.Message, StringComparison.Ordinal);
        Assert.Equal(runs, await RunsAsync(store, account.OrgId));
    }

    private MudbaseFactory NewFactory() => new(storage, new() { ["Mudbase:EventIndex:Enabled"] = "false" });

    private static async Task<(TestAccount Account, HttpClient Owner, IEventIndexStore Store)> OrgAsync(MudbaseFactory factory)
    {
        var account = await TestAccounts.RegisterAsync(factory.CreateClient());
        return (account, factory.Authorized(account.Token), factory.Services.GetRequiredService<IEventIndexStore>());
    }

    private static Task<int> StepAsync(IEventIndexStore store, string orgId) =>
        EventIndexStep.RunAsync(store, orgId, FullRun, FullRun, CancellationToken.None);

    private static async Task<List<IndexRun>> RunsAsync(IEventIndexStore store, string orgId)
    {
        await using var session = await store.BeginAsync(orgId, CancellationToken.None);
        return [.. await session.LatestRunsAsync(100, CancellationToken.None)];
    }

    // Every event its own resource, one of two shared addresses, one of three severities and two types.
    private static Task<string> LogAsync(HttpClient owner, string userId, int i) =>
        owner.LogAsync(new
        {
            eventType = i % 3 == 0 ? "bulk_data_export" : "unauthorized_access_attempt",
            severity = (i % 3) switch { 0 => "low", 1 => "high", _ => "critical" },
            details = new { userId, ipAddress = $"ip-shared-{i % 2}", resource = $"/files/{i}" },
        });
}

public sealed class EventIndexMergeOnSqlite() : EventIndexMergeTests(StorageKind.Sqlite);

public sealed class EventIndexMergeOnPostgres() : EventIndexMergeTests(StorageKind.Postgres);
