using Microsoft.Data.Sqlite;
using Mudbase.Server.Storage.Tiles;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// The single writer connection and its prepared statements, reused for every batch: the I/O of
/// <see cref="SqliteAppendSession"/>, inside the one <c>BEGIN IMMEDIATE</c> transaction it holds.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteCommand readHead;
    private readonly SqliteCommand writeHead;
    private readonly SqliteBulkInsert insertEvents;
    private readonly SqliteBulkInsert insertDetails;
    private readonly SqliteCommand readTile;
    private readonly SqliteCommand writeTile;
    private readonly SqliteCommand insertCheckpoint;
    private readonly SqliteCommand readTimeMark;
    private readonly SqliteCommand insertTimeMark;
    private readonly SqliteIdempotencyRows idempotencyKeys;
    private readonly TimeProvider time;
    private readonly SqliteCheckpointer checkpointer;

    private SqliteWriter(SqliteConnection connection, TimeProvider time, SqliteCheckpointer checkpointer)
    {
        this.connection = connection;
        this.time = time;
        this.checkpointer = checkpointer;
        readHead = Command("""
            SELECT h.size, h.frontier, c.tree_size, c.root
            FROM (SELECT $org AS org_id) o
            LEFT JOIN log_heads h ON h.org_id = o.org_id
            LEFT JOIN checkpoints c ON c.org_id = o.org_id
                AND c.tree_size = (SELECT MAX(tree_size) FROM checkpoints WHERE org_id = o.org_id)
            """, "$org");
        writeHead = Command("""
            INSERT INTO log_heads (org_id, size, frontier, root) VALUES ($org, $size, $frontier, $root)
            ON CONFLICT (org_id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier, root = excluded.root
            """, "$org", "$size", "$frontier", "$root");
        insertEvents = new SqliteBulkInsert(connection, "events",
            "org_id", "seq", "id", "event_type", "severity", "recorded_at", "actor", "source", "leaf_hash", "commitments");
        insertDetails = new SqliteBulkInsert(connection, "event_details",
            "org_id", "seq", "user_id", "ip_address", "resource", "secrets");
        insertCheckpoint = Command(
            "INSERT INTO checkpoints (org_id, tree_size, root, note, signed_at) VALUES ($org, $size, $root, $note, $at)",
            "$org", "$size", "$root", "$note", "$at");
        readTile = Command("SELECT hashes FROM tree_tiles WHERE org_id = $org AND level = $level AND idx = $idx",
            "$org", "$level", "$idx");
        // A tile only ever grows: a write that would shrink or keep a stored tile updates nothing and fails the batch.
        writeTile = Command("""
            INSERT INTO tree_tiles (org_id, level, idx, hashes) VALUES ($org, $level, $idx, $hashes)
            ON CONFLICT (org_id, level, idx) DO UPDATE SET hashes = excluded.hashes
            WHERE length(tree_tiles.hashes) < length(excluded.hashes)
            """, "$org", "$level", "$idx", "$hashes");
        readTimeMark = Command(
            "SELECT max_recorded_at, max_lag FROM event_time_marks WHERE org_id = $org ORDER BY first_seq DESC LIMIT 1", "$org");
        insertTimeMark = Command("""
            INSERT INTO event_time_marks (org_id, first_seq, last_seq, max_recorded_at, max_lag)
            VALUES ($org, $first, $last, $at, $lag)
            """, "$org", "$first", "$last", "$at", "$lag");
        idempotencyKeys = new SqliteIdempotencyRows(connection);
    }

    public static async Task<SqliteWriter> OpenAsync(
        SqliteDatabase database, TimeProvider time, int checkpointPages, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        // A batch appends to the event rows and touches a few pages of each type and severity index. With SQLite's
        // default 2 MB cache a large batch spilled dirty pages into the WAL mid-transaction and wrote some of them
        // again and again; a cache that holds a whole batch writes each page once per commit. No automatic
        // checkpoint: SqliteCheckpointer copies the WAL beside this connection instead of on its thread.
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA cache_size=-{WriterCacheKiB}; PRAGMA wal_autocheckpoint=0";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return new SqliteWriter(connection, time, new SqliteCheckpointer(database, checkpointPages, logger));
    }

    private const int WriterCacheKiB = 256 * 1024;

    /// <summary>After each commit: the pages it wrote count towards the next checkpoint (<see cref="SqliteCheckpointer"/>).</summary>
    public void Committed() => checkpointer.Committed(connection.Handle!);

    /// <summary>BEGIN IMMEDIATE: takes the only write lock, so everything read in the transaction stays as read.</summary>
    public SqliteTransaction Begin() => connection.BeginTransaction(deferred: false);

    public void Claim(SqliteTransaction transaction, IReadOnlyList<IdempotencyClaim> claims) =>
        idempotencyKeys.Claim(transaction, claims, time.GetUtcNow());

    public byte[]? ReadTile(SqliteTransaction transaction, TileId tile)
    {
        readTile.Transaction = transaction;
        readTile.Parameters[0].Value = tile.OrgId;
        readTile.Parameters[1].Value = tile.Level;
        readTile.Parameters[2].Value = tile.Index;
        return readTile.ExecuteScalar() as byte[];
    }

    public LogHead ReadHead(SqliteTransaction transaction, string orgId)
    {
        readHead.Transaction = transaction;
        readHead.Parameters["$org"].Value = orgId;
        using var reader = readHead.ExecuteReader();
        reader.Read();
        return new LogHead(
            orgId,
            reader.IsDBNull(0) ? 0 : reader.GetInt64(0),
            reader.IsDBNull(1) ? [] : HashRuns.Split((byte[])reader.GetValue(1)),
            reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3),
            reader.IsDBNull(2) ? 0 : reader.GetInt64(2));
    }

    public void Write(SqliteTransaction transaction, AppendPlan plan)
    {
        var org = plan.OrgId;
        insertEvents.Insert(plan.Leaves, (row, leaf) => row.Text(org).Integer(leaf.Sequence).Text(leaf.Draft.Id)
            .Text(leaf.Draft.EventType).Text(leaf.Draft.Severity).Integer(leaf.Draft.RecordedAt.ToUnixTimeMilliseconds())
            .Text(leaf.Draft.Actor).Text(leaf.Draft.Source).Blob(leaf.LeafHash).Blob(leaf.Commitments));
        insertDetails.Insert(plan.Leaves, (row, leaf) => row.Text(org).Integer(leaf.Sequence)
            .Text(leaf.Draft.IndexedValue("userId")).Text(leaf.Draft.IndexedValue("ipAddress"))
            .Text(leaf.Draft.IndexedValue("resource")).Blob(leaf.Secrets));
        foreach (var tile in plan.Tiles)
        {
            if (Run(writeTile, transaction, org, tile.Level, tile.Index, tile.Hashes) != 1)
                throw new LedgerIntegrityException($"Tile {tile.Level}/{tile.Index} of {org} is already stored at this width or wider");
        }
        WriteTimeMark(transaction, plan);
        Run(writeHead, transaction, plan.OrgId, plan.NewSize, plan.NewFrontier, plan.NewRoot);
        Run(insertCheckpoint, transaction, plan.OrgId, plan.NewSize, plan.NewRoot, plan.Checkpoint,
            time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    // See SqliteMigrations version 3: the running maximum of recordedAt and the largest lag behind it.
    private void WriteTimeMark(SqliteTransaction transaction, AppendPlan plan)
    {
        long earliest = long.MaxValue, latest = long.MinValue;
        foreach (var leaf in plan.Leaves)
        {
            var at = leaf.Draft.RecordedAt.ToUnixTimeMilliseconds();
            earliest = Math.Min(earliest, at);
            latest = Math.Max(latest, at);
        }
        readTimeMark.Transaction = transaction;
        readTimeMark.Parameters["$org"].Value = plan.OrgId;
        long lag = 0;
        using (var reader = readTimeMark.ExecuteReader())
        {
            if (reader.Read())
            {
                latest = Math.Max(latest, reader.GetInt64(0));
                lag = reader.GetInt64(1);
            }
        }
        Run(insertTimeMark, transaction, plan.OrgId, plan.Leaves[0].Sequence, plan.Leaves[^1].Sequence, latest,
            Math.Max(lag, latest - earliest));
    }

    private static int Run(SqliteCommand command, SqliteTransaction transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        return command.ExecuteNonQuery();
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
        foreach (var bulk in new[] { insertEvents, insertDetails })
            bulk.Dispose();
        idempotencyKeys.Dispose();
        foreach (var command in new[] { readHead, writeHead, readTile, writeTile, insertCheckpoint, readTimeMark, insertTimeMark })
            await command.DisposeAsync();
        await checkpointer.DisposeAsync();
        await connection.DisposeAsync();
    }
}
