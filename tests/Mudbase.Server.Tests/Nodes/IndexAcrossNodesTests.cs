using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.EventIndex;
using Mudbase.Server.Storage;
using Mudbase.Server.Tests.Infrastructure;
using Npgsql;

namespace Mudbase.Server.Tests.Nodes;

/// <summary>
/// Every node's indexer looks at every organisation, and only one indexes an organisation at a time: the others
/// skip it without waiting. Whatever the interleaving, each event's detail values are indexed exactly once.
/// </summary>
public abstract class IndexAcrossNodesTests(StorageKind storage)
{
    private static Dictionary<string, string?> IndexerOff() => new() { ["Mudbase:EventIndex:Enabled"] = "false" };

    [Fact]
    public async Task TwoNodesIndexingOneOrganisationWhileItGrowsNeitherLoseNorDuplicateAnEntry()
    {
        await using var first = new MudbaseFactory(storage, IndexerOff());
        await using var second = storage == StorageKind.Postgres
            ? new MudbaseFactory(storage, new(IndexerOff()) { ["ConnectionStrings:Mudbase"] = first.PostgresDatabase!.ConnectionString })
            : null;
        var account = await TestAccounts.RegisterAsync(first.CreateClient());
        var owner = first.Authorized(account.Token);
        var stores = new[] { first, second ?? first }.Select(f => f.Services.GetRequiredService<IEventIndexStore>()).ToList();

        var appending = Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
                await owner.LogAsync(new { eventType = "bulk_data_export", severity = "low", details = new { userId = $"usr_node_{i}" } });
        });
        var indexers = stores.Select(store => Task.Run(async () =>
        {
            var skipped = 0;
            while (!appending.IsCompleted)
            {
                // Small runs, so the nodes write, absorb and replace runs under each other's feet.
                if (await EventIndexStep.TryRunAsync(store, account.OrgId, maxEvents: 3, fullRunEvents: 4, CancellationToken.None) is null)
                    skipped++;
            }
            return skipped;
        })).ToList();
        await appending;
        await Task.WhenAll(indexers);
        await first.Services.GetRequiredService<EventIndexer>().IndexAllAsync(CancellationToken.None);

        Assert.Empty(await first.Services.GetRequiredService<IEventIndexStore>().PendingAsync(CancellationToken.None));
        await using var connection = await first.OpenDatabaseAsync();
        var size = await ScalarAsync(connection, $"SELECT size FROM log_heads WHERE org_id = '{account.OrgId}'");
        // Runs tile 1..size: contiguous, no overlap, no gap.
        Assert.Equal(size, await ScalarAsync(connection, $"SELECT SUM(last_seq - first_seq + 1) FROM event_index_runs WHERE org_id = '{account.OrgId}'"));
        Assert.Equal(size, await ScalarAsync(connection, $"SELECT MAX(last_seq) FROM event_index_runs WHERE org_id = '{account.OrgId}'"));
        var entries = await StoredPostings.ReadAsync(connection, account.OrgId);
        Assert.Equal(entries.Count, entries.Distinct().Count());
        Assert.Equal(60, entries.Count(e => e.Field == EventTerms.UserId && e.Value.StartsWith("usr_node_", StringComparison.Ordinal)));
        Assert.Equal(size, entries.Count(e => e.Field == EventTerms.Severity));
    }

    private static async Task<long> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class IndexAcrossNodesOnSqlite() : IndexAcrossNodesTests(StorageKind.Sqlite);

public sealed class IndexAcrossNodesOnPostgres() : IndexAcrossNodesTests(StorageKind.Postgres)
{
    [Fact]
    public async Task AnOrganisationAnotherNodeJustIndexedIsNotDueHereUntilItsNewEventsHaveWaited()
    {
        var settings = new Dictionary<string, string?> { ["Mudbase:EventIndex:Enabled"] = "false", ["Mudbase:EventIndex:MaxDelayMilliseconds"] = "2000" };
        await using var first = new MudbaseFactory(StorageKind.Postgres, settings);
        await using var second = new MudbaseFactory(StorageKind.Postgres, new(settings) { ["ConnectionStrings:Mudbase"] = first.PostgresDatabase!.ConnectionString });
        var account = await TestAccounts.RegisterAsync(first.CreateClient());
        var owner = first.Authorized(account.Token);
        var store = first.Services.GetRequiredService<IEventIndexStore>();
        var here = first.Services.GetRequiredService<EventIndexer>();
        await here.IndexAllAsync(CancellationToken.None);
        await owner.LogManyAsync(2);
        await here.IndexDueAsync(CancellationToken.None);
        Assert.Contains(await store.PendingAsync(CancellationToken.None), p => p.OrgId == account.OrgId);

        await Task.Delay(TimeSpan.FromMilliseconds(2200));
        await second.Services.GetRequiredService<EventIndexer>().IndexDueAsync(CancellationToken.None);
        Assert.DoesNotContain(await store.PendingAsync(CancellationToken.None), p => p.OrgId == account.OrgId);

        // This node saw the organisation waiting long ago, but what waits now is one fresh event.
        await owner.LogManyAsync(1);
        await here.IndexDueAsync(CancellationToken.None);
        Assert.Equal(1, Assert.Single(await store.PendingAsync(CancellationToken.None), p => p.OrgId == account.OrgId).Events);
        await Task.Delay(TimeSpan.FromMilliseconds(2200));
        await here.IndexDueAsync(CancellationToken.None);
        Assert.DoesNotContain(await store.PendingAsync(CancellationToken.None), p => p.OrgId == account.OrgId);
    }

    [Fact]
    public async Task AnIndexerFindingTheOrganisationTakenSkipsItAtOnceAndIndexesItWhenFree()
    {
        await using var factory = new MudbaseFactory(StorageKind.Postgres, new() { ["Mudbase:EventIndex:Enabled"] = "false" });
        var account = await TestAccounts.RegisterAsync(factory.CreateClient());
        await factory.Authorized(account.Token).LogManyAsync(3);
        var store = factory.Services.GetRequiredService<IEventIndexStore>();

        await using var otherNode = new NpgsqlConnection(factory.PostgresDatabase!.ConnectionString);
        await otherNode.OpenAsync();
        await using (var transaction = await otherNode.BeginTransactionAsync())
        {
            await using (var take = new NpgsqlCommand(Storage.Postgres.PostgresDetailErasure.LockIndex, otherNode, transaction)
            {
                Parameters = { new() { Value = account.OrgId } },
            })
                await take.ExecuteScalarAsync();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Null(await EventIndexStep.TryRunAsync(store, account.OrgId, 1000, 1000, CancellationToken.None));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the skip took {watch.Elapsed}");
            Assert.Contains(await store.PendingAsync(CancellationToken.None), p => p.OrgId == account.OrgId);
            await transaction.CommitAsync();
        }
        Assert.True(await EventIndexStep.TryRunAsync(store, account.OrgId, 1000, 1000, CancellationToken.None) > 0);
        Assert.DoesNotContain(await store.PendingAsync(CancellationToken.None), p => p.OrgId == account.OrgId);
    }
}
