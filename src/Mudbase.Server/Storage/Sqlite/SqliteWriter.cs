using Microsoft.Data.Sqlite;
using Mudbase.Server.Ledger;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>The single writer connection and its prepared statements, reused for every batch.</summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteCommand readHead;
    private readonly SqliteCommand writeHead;
    private readonly SqliteCommand insertEvent;
    private readonly SqliteCommand insertDetails;
    private readonly SqliteCommand insertNode;

    private SqliteWriter(SqliteConnection connection)
    {
        this.connection = connection;
        readHead = Command("SELECT size, frontier FROM log_heads WHERE org_id = $org", "$org");
        writeHead = Command("""
            INSERT INTO log_heads (org_id, size, frontier, root) VALUES ($org, $size, $frontier, $root)
            ON CONFLICT (org_id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier, root = excluded.root
            """, "$org", "$size", "$frontier", "$root");
        insertEvent = Command("""
            INSERT INTO events (org_id, seq, id, event_type, severity, recorded_at, actor, source, leaf_hash, commitments)
            VALUES ($org, $seq, $id, $type, $severity, $at, $actor, $source, $leaf, $commitments)
            """, "$org", "$seq", "$id", "$type", "$severity", "$at", "$actor", "$source", "$leaf", "$commitments");
        insertDetails = Command("INSERT INTO event_details (event_id, org_id, secrets) VALUES ($id, $org, $secrets)",
            "$id", "$org", "$secrets");
        insertNode = Command("INSERT INTO tree_nodes (org_id, level, idx, hash) VALUES ($org, $level, $idx, $hash)",
            "$org", "$level", "$idx", "$hash");
    }

    public static async Task<SqliteWriter> OpenAsync(SqliteDatabase database, CancellationToken cancellationToken) =>
        new(await database.OpenAsync(cancellationToken));

    public IReadOnlyList<AppendedEvent> Append(IReadOnlyList<EventDraft> batch)
    {
        var results = new Dictionary<string, AppendedEvent>(batch.Count, StringComparer.Ordinal);
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var group in batch.GroupBy(d => d.OrgId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var plan = AppendPlanner.Plan(ReadHead(transaction, group.Key), group.ToList());
            Write(transaction, plan);
            foreach (var leaf in plan.Leaves)
                results[leaf.Draft.Id] = new AppendedEvent(leaf.Draft.Id, leaf.Sequence, leaf.LeafHash);
        }
        transaction.Commit();
        return batch.Select(d => results[d.Id]).ToList();
    }

    private LogHead ReadHead(SqliteTransaction transaction, string orgId)
    {
        readHead.Transaction = transaction;
        readHead.Parameters["$org"].Value = orgId;
        using var reader = readHead.ExecuteReader();
        return reader.Read()
            ? new LogHead(orgId, reader.GetInt64(0), AppendPlanner.Split((byte[])reader.GetValue(1)))
            : new LogHead(orgId, 0, []);
    }

    private void Write(SqliteTransaction transaction, AppendPlan plan)
    {
        foreach (var leaf in plan.Leaves)
        {
            var draft = leaf.Draft;
            Run(insertEvent, transaction, plan.OrgId, leaf.Sequence, draft.Id, draft.EventType, draft.Severity,
                draft.RecordedAt.ToUnixTimeMilliseconds(), draft.Actor, (object?)draft.Source ?? DBNull.Value,
                leaf.LeafHash, leaf.Commitments);
            Run(insertDetails, transaction, draft.Id, plan.OrgId, leaf.Secrets);
        }
        foreach (var (node, hash) in plan.Nodes)
            Run(insertNode, transaction, plan.OrgId, node.Level, node.Index, hash);
        Run(writeHead, transaction, plan.OrgId, plan.NewSize, plan.NewFrontier, plan.NewRoot);
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { readHead, writeHead, insertEvent, insertDetails, insertNode })
            await command.DisposeAsync();
        await connection.DisposeAsync();
    }
}
