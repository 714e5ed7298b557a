using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mudbase.Ledger;
using Mudbase.Server.Common;
using Mudbase.Server.Hosting;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Postgres;
using Mudbase.Server.Storage.Sqlite;
using Mudbase.Server.Storage.Tiles;
using Mudbase.Server.Tests.Infrastructure;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Tests;

/// <summary>
/// A database as the revision before tiles left it — schema versions 1 to 8, a node row per completed subtree —
/// upgrades in place: every log keeps its roots and proofs byte for byte, and appends continue from the converted tiles.
/// </summary>
public abstract class TreeTileMigrationTests(StorageKind storage)
{
    private const int LegacySchema = 8;
    // Past 2^16 leaves, so the large log has hashes on tile levels 0, 1 and 2; checkpoints every 10,000 leaves.
    private const int LargeLog = (1 << 16) + 700;
    private const int SmallLog = 300;
    private const int CheckpointEvery = 10_000;

    [Fact]
    public async Task ALogStoredAsNodeRowsKeepsItsRootsAndProofsAndGrowsFromItsTiles()
    {
        using var scratch = new ScratchDirectory();
        Directory.CreateDirectory(scratch.Path);
        var postgres = storage == StorageKind.Postgres ? PostgresTestCluster.CreateDatabase() : null;
        try
        {
            var signer = new LedgerSigner(Options.Create(new LedgerOptions()), Options.Create(new MudbaseOptions { DataDirectory = scratch.Path }));
            var logs = new Dictionary<string, InMemoryMerkleTree> { ["org_large"] = new(), ["org_small"] = new() };
            await using (var connection = await DatabaseAccess.OpenDatabaseAsync(scratch.Path, postgres))
            {
                await CreateLegacySchemaAsync(connection);
                await WriteLegacyLogAsync(connection, signer, "org_large", LargeLog, logs["org_large"]);
                await WriteLegacyLogAsync(connection, signer, "org_small", SmallLog, logs["org_small"]);
            }

            await using var factory = new MudbaseFactory(storage, dataDirectory: scratch.Path, extraSettings: postgres is null ? null : new()
            {
                ["ConnectionStrings:Mudbase"] = postgres.ConnectionString,
            });
            factory.CreateClient().Dispose();
            var store = factory.Services.GetRequiredService<ILedgerStore>();

            foreach (var (orgId, tree) in logs)
                await AssertProofsMatchAsync(new NodeReader(store, orgId), tree);
            var checks = await factory.Services.GetRequiredService<LedgerMonitor>().RunOnceAsync(CancellationToken.None);
            Assert.All(checks, c => Assert.True(c.Ok, c.Problem));
            Assert.Equal(2, checks.Count);

            // The right edge of every level continues where the converted tiles end.
            var appended = await factory.Services.GetRequiredService<EventAppender>().AppendAllAsync(
                Enumerable.Range(LargeLog, 1000).Select(i => Draft("org_large", i)).ToList(), CancellationToken.None);
            var large = logs["org_large"];
            appended.ToList().ForEach(e => large.Add(e.LeafHash));
            var latest = await store.LatestCheckpointAsync("org_large", CancellationToken.None);
            Assert.Equal(large.Size, latest!.TreeSize);
            Assert.Equal(large.Root(large.Size), latest.Root);
            await AssertProofsMatchAsync(new NodeReader(store, "org_large"), large);
        }
        finally
        {
            if (postgres is not null)
                await PostgresTestCluster.DropDatabaseAsync(postgres);
        }
    }

    private static async Task AssertProofsMatchAsync(NodeReader reader, InMemoryMerkleTree tree)
    {
        var size = tree.Size;
        long[] sizes = [1, 255, 256, 257, 65_535, 65_536, 65_537, size - 1, size];
        foreach (var treeSize in sizes.Where(s => s >= 1 && s <= size).Distinct())
        {
            Assert.Equal(tree.Root(treeSize), await reader.HashRangeAsync(0, treeSize, CancellationToken.None));
            foreach (var index in new[] { 0, treeSize / 3, treeSize - 1 })
                Assert.Equal(tree.InclusionProof(index, treeSize), await reader.InclusionProofAsync(index, treeSize, CancellationToken.None));
            foreach (var older in new[] { 1, treeSize / 2, treeSize - 1 }.Where(o => o >= 1))
                Assert.Equal(tree.ConsistencyProof(older, treeSize), await reader.ConsistencyProofAsync(older, treeSize, CancellationToken.None));
        }
    }

    private async Task CreateLegacySchemaAsync(DbConnection connection)
    {
        var migrations = storage == StorageKind.Postgres ? PostgresMigrations.All : SqliteMigrations.All;
        await connection.ExecuteAsync(storage == StorageKind.Postgres
            ? "CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            : "CREATE TABLE schema_version (version INTEGER NOT NULL)");
        foreach (var (version, sql) in migrations.Where(m => m.Version <= LegacySchema))
        {
            await connection.ExecuteAsync(sql);
            await connection.ExecuteAsync($"INSERT INTO schema_version (version) VALUES ({version})");
        }
    }

    /// <summary>What the node-row writer stored for a log: events, details, a node row per completed subtree, head, checkpoints.</summary>
    private static async Task WriteLegacyLogAsync(DbConnection connection, LedgerSigner signer, string orgId, int size, InMemoryMerkleTree tree)
    {
        var range = new CompactRange();
        var events = new List<object?[]>();
        var details = new List<object?[]>();
        var nodes = new List<object?[]>();
        var checkpoints = new List<object?[]>();
        for (var i = 0; i < size; i++)
        {
            var draft = Draft(orgId, i);
            var prepared = AppendPlanner.Prepare(draft);
            var sequence = i + 1L;
            var leafHash = prepared.Template.Hash(sequence);
            events.Add([orgId, sequence, draft.Id, draft.EventType, draft.Severity, draft.RecordedAt.ToUnixTimeMilliseconds(),
                draft.Actor, draft.Source, leafHash, LegacyDetailRows.Commitments(prepared.Commitments, prepared.Secrets)]);
            details.Add([draft.Id, orgId, sequence, draft.IndexedValue("userId"), null, null, LegacyDetailRows.Secrets(prepared.Commitments, prepared.Secrets)]);
            range.Append(leafHash, (node, hash) => nodes.Add([orgId, node.Level, node.Index, hash]));
            tree.Add(leafHash);
            if (range.Size % CheckpointEvery == 0 || range.Size == size)
            {
                var root = range.Root();
                checkpoints.Add([orgId, range.Size, root, signer.Sign(orgId, range.Size, root), 0L]);
            }
        }
        await InsertAsync(connection, "events", ["org_id", "seq", "id", "event_type", "severity", "recorded_at", "actor", "source", "leaf_hash", "commitments"], events);
        await InsertAsync(connection, "event_details", ["event_id", "org_id", "seq", "user_id", "ip_address", "resource", "secrets"], details);
        await InsertAsync(connection, "tree_nodes", ["org_id", "level", "idx", "hash"], nodes);
        await InsertAsync(connection, "checkpoints", ["org_id", "tree_size", "root", "note", "signed_at"], checkpoints);
        await InsertAsync(connection, "log_heads", ["org_id", "size", "frontier", "root"],
            [[orgId, range.Size, HashRuns.Concat(range.Frontier), range.Root()]]);
    }

    private static EventDraft Draft(string orgId, int i)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000 + i);
        var details = JsonSerializer.SerializeToElement(new { userId = $"usr_{i % 97}", row = i });
        return new EventDraft(Ids.NewEventId(at), orgId, "bulk_data_export", "low", at, "usr_owner", null,
            details.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)).ToList());
    }

    private static async Task InsertAsync(DbConnection connection, string table, string[] columns, IReadOnlyList<object?[]> rows)
    {
        const int RowsPerStatement = 500;
        await using var transaction = await connection.BeginTransactionAsync();
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var values = new List<string>();
            foreach (var (row, r) in rows.Skip(start).Take(RowsPerStatement).Select((row, r) => (row, r)))
            {
                values.Add("(" + string.Join(", ", columns.Select((_, c) => $"@p{r}_{c}")) + ")");
                for (var c = 0; c < columns.Length; c++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{r}_{c}";
                    parameter.Value = row[c] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }
            }
            command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {string.Join(", ", values)}";
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}

public sealed class TreeTileMigrationOnSqlite() : TreeTileMigrationTests(StorageKind.Sqlite);

public sealed class TreeTileMigrationOnPostgres() : TreeTileMigrationTests(StorageKind.Postgres);
