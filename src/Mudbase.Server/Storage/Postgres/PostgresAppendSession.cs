using System.Diagnostics;
using Mudbase.Ledger;
using Mudbase.Server.Observability;
using Mudbase.Server.Storage.Tiles;
using Mudbase.Server.TransparencyLog;
using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresArrays;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// One append transaction on one pooled connection, safe with any number of server processes on the same database
/// (DESIGN §3): the driver locks every touched log head in a fixed order, plans on what is locked, writes, commits.
/// The primary keys on (org_id, seq) and (org_id, tree_size), the guarded head update and the grow-only tile upsert
/// would reject a fork even if locking failed.
/// </summary>
internal sealed partial class PostgresAppendSession(
    PostgresDatabase database, NpgsqlConnection connection, NpgsqlTransaction transaction, IntakeNode node, TimeProvider time) : IAppendSession, IIntakeSession
{
    private const string InsertHeads = """
        INSERT INTO log_heads (org_id, size, frontier, root)
        SELECT org_id, 0, ''::bytea, $2 FROM unnest($1::text[]) AS o(org_id)
        ON CONFLICT (org_id) DO NOTHING
        """;

    // Locks are taken in byte order of org id on every node, so two batches touching the same orgs cannot deadlock.
    private const string LockHeads = """
        SELECT org_id, size, frontier FROM log_heads WHERE org_id = ANY($1) ORDER BY org_id COLLATE "C" FOR UPDATE
        """;

    // A separate statement, so under READ COMMITTED it sees the checkpoint committed by whoever held the lock before.
    private const string LatestCheckpoints = """
        SELECT o.org_id, c.tree_size, c.root FROM unnest($1::text[]) AS o(org_id)
        LEFT JOIN LATERAL (SELECT tree_size, root FROM checkpoints WHERE org_id = o.org_id ORDER BY tree_size DESC LIMIT 1) c ON true
        """;

    private const string InsertEvents = """
        INSERT INTO events (org_id, seq, id, event_type, severity, recorded_at, actor, source, leaf_hash, commitments)
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::bytea[], $10::bytea[])
        """;

    private const string InsertDetails = """
        INSERT INTO event_details (org_id, seq, user_id, ip_address, resource, secrets)
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bytea[])
        """;

    private const string ReadTiles = """
        SELECT t.org_id, t.level, t.idx, t.hashes FROM unnest($1::text[], $2::integer[], $3::bigint[]) AS k(org_id, level, idx)
        JOIN tree_tiles t ON t.org_id = k.org_id AND t.level = k.level AND t.idx = k.idx
        """;

    // A tile only ever grows: a write that would shrink or keep a stored tile updates nothing and fails the batch.
    private const string WriteTiles = """
        INSERT INTO tree_tiles (org_id, level, idx, hashes) SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::bytea[])
        ON CONFLICT (org_id, level, idx) DO UPDATE SET hashes = excluded.hashes
        WHERE length(tree_tiles.hashes) < length(excluded.hashes)
        """;

    // Guarded by the size that was planned on: a head that moved under us updates nothing and the batch aborts.
    private const string UpdateHeads = """
        UPDATE log_heads AS h SET size = u.size, frontier = u.frontier, root = u.root
        FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bytea[], $5::bytea[]) AS u(org_id, old_size, size, frontier, root)
        WHERE h.org_id = u.org_id AND h.size = u.old_size
        """;

    private const string InsertCheckpoints = """
        INSERT INTO checkpoints (org_id, tree_size, root, note, signed_at)
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[], $4::text[], $5::bigint[])
        """;

    public Task<IReadOnlyDictionary<string, LogHead>> LockHeadsAsync(IReadOnlyList<string> orgIds, CancellationToken cancellationToken) =>
        RunAsync(token => LockAsync(orgIds.ToArray(), token), cancellationToken);

    public Task<IReadOnlyDictionary<TileId, byte[]>> ReadTilesAsync(IReadOnlyList<TileId> tiles, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyDictionary<TileId, byte[]>>(async token =>
        {
            var found = new Dictionary<TileId, byte[]>();
            if (tiles.Count == 0)
                return found;
            await using var command = new NpgsqlCommand(ReadTiles, connection, transaction)
            {
                Parameters = { Text(tiles.Select(t => t.OrgId)), Integer(tiles.Select(t => t.Level)), Bigint(tiles.Select(t => t.Index)) },
            };
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
                found[new TileId(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2))] = (byte[])reader.GetValue(3);
            return found;
        }, cancellationToken);

    public Task ClaimAsync(IReadOnlyList<IdempotencyClaim> claims, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await PostgresIdempotencyRows.ClaimAsync(connection, transaction, claims, time.GetUtcNow(), token);
            return true;
        }, cancellationToken);

    public Task WriteAsync(IReadOnlyList<AppendPlan> plans, CancellationToken cancellationToken) =>
        plans.Count == 0 ? Task.CompletedTask : RunAsync(async token =>
        {
            await WriteAllAsync(plans, token);
            return true;
        }, cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            var committing = Stopwatch.GetTimestamp();
            await transaction.CommitAsync(token);
            MudbaseInstruments.Committed("postgresql", committing);
            return true;
        }, cancellationToken);

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work(cancellationToken);
        }
        catch (Exception e) when (PostgresFailures.IsUnavailable(e, cancellationToken))
        {
            throw database.Unavailable(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Returning the connection to the pool rolls back a transaction that was not committed.
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private async Task<IReadOnlyDictionary<string, LogHead>> LockAsync(string[] orgIds, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(InsertHeads, Text(orgIds), new NpgsqlParameter<byte[]> { TypedValue = MerkleHash.EmptyRoot() }),
                Command(LockHeads, Text(orgIds)),
                Command(LatestCheckpoints, Text(orgIds)),
            },
        };
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var locked = new Dictionary<string, (long Size, byte[] Frontier)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            locked[reader.GetString(0)] = (reader.GetInt64(1), (byte[])reader.GetValue(2));
        await reader.NextResultAsync(cancellationToken);
        var heads = new Dictionary<string, LogHead>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var orgId = reader.GetString(0);
            var (size, frontier) = locked[orgId];
            heads[orgId] = new LogHead(orgId, size, HashRuns.Split(frontier),
                reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2), reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
        }
        return heads;
    }

    private async Task WriteAllAsync(IReadOnlyList<AppendPlan> plans, CancellationToken cancellationToken)
    {
        var leaves = plans.SelectMany(p => p.Leaves).ToList();
        var drafts = leaves.Select(l => l.Draft).ToList();
        var tiles = plans.SelectMany(p => p.Tiles.Select(t => (p.OrgId, Tile: t))).ToList();
        var signedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        var updateHeads = Command(UpdateHeads, Text(plans.Select(p => p.OrgId)),
            Bigint(plans.Select(p => p.Leaves[0].Sequence - 1)), Bigint(plans.Select(p => p.NewSize)),
            Bytea(plans.Select(p => p.NewFrontier)), Bytea(plans.Select(p => p.NewRoot)));
        var writeTiles = Command(WriteTiles, Text(tiles.Select(t => t.OrgId)), Integer(tiles.Select(t => t.Tile.Level)),
            Bigint(tiles.Select(t => t.Tile.Index)), Bytea(tiles.Select(t => t.Tile.Hashes)));
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(InsertEvents, Text(drafts.Select(d => d.OrgId)), Bigint(leaves.Select(l => l.Sequence)),
                    Text(drafts.Select(d => d.Id)), Text(drafts.Select(d => d.EventType)), Text(drafts.Select(d => d.Severity)),
                    Bigint(drafts.Select(d => d.RecordedAt.ToUnixTimeMilliseconds())), Text(drafts.Select(d => d.Actor)),
                    Text(drafts.Select(d => d.Source)), Bytea(leaves.Select(l => l.LeafHash)), Bytea(leaves.Select(l => l.Commitments))),
                Command(InsertDetails, Text(drafts.Select(d => d.OrgId)),
                    Bigint(leaves.Select(l => l.Sequence)), Text(drafts.Select(d => d.IndexedValue("userId"))),
                    Text(drafts.Select(d => d.IndexedValue("ipAddress"))), Text(drafts.Select(d => d.IndexedValue("resource"))),
                    Bytea(leaves.Select(l => l.Secrets))),
                writeTiles,
                updateHeads,
                Command(InsertCheckpoints, Text(plans.Select(p => p.OrgId)), Bigint(plans.Select(p => p.NewSize)),
                    Bytea(plans.Select(p => p.NewRoot)), Text(plans.Select(p => p.Checkpoint)), Bigint(plans.Select(_ => signedAt))),
            },
        };
        await batch.PrepareAsync(cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (updateHeads.RecordsAffected != plans.Count)
            throw new LedgerIntegrityException("A log head moved while it was locked; the batch was not committed");
        if (writeTiles.RecordsAffected != tiles.Count)
            throw new LedgerIntegrityException("A tile was already stored at the width the batch wrote; the batch was not committed");
    }
}
