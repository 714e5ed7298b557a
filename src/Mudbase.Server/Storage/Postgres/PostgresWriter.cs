using Mudbase.Ledger;
using Mudbase.Server.Ledger;
using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresArrays;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Appends one batch in one transaction, safe with any number of server processes on the same database
/// (DESIGN §3): lock every touched log head in a fixed order, plan on what is locked, write, commit. The primary
/// keys on (org_id, seq), (org_id, tree_size) and (org_id, level, idx) would reject a fork even if locking failed.
/// </summary>
internal sealed class PostgresWriter(PostgresDatabase database, AppendPlanner planner, TimeProvider time)
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
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::bytea[], $10::text[])
        """;

    private const string InsertDetails = """
        INSERT INTO event_details (event_id, org_id, seq, user_id, ip_address, resource, secrets)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[])
        """;

    private const string InsertNodes = """
        INSERT INTO tree_nodes (org_id, level, idx, hash) SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::bytea[])
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

    public Task<IReadOnlyList<AppendedEvent>> AppendAsync(IReadOnlyList<EventDraft> batch, CancellationToken cancellationToken)
    {
        var groups = batch.GroupBy(d => d.OrgId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var orgIds = groups.Select(g => g.Key).ToArray();
        return database.InTransactionAsync<IReadOnlyList<AppendedEvent>>(async (connection, transaction, token) =>
        {
            var heads = await LockAsync(connection, transaction, orgIds, token);
            var toWrite = batch;
            if (IdempotencyClaims.Of(batch) is { Count: > 0 } claims)
            {
                await PostgresIdempotencyRows.ClaimAsync(connection, transaction, claims, time.GetUtcNow(), token);
                toWrite = IdempotencyClaims.ToWrite(batch);
            }
            var plans = groups.Select(g => g.Where(d => d.Claim?.Found is null).ToList()).Where(drafts => drafts.Count > 0)
                .Select(drafts => planner.Plan(heads[drafts[0].OrgId], drafts)).ToList();
            if (plans.Count > 0)
                await WriteAsync(connection, transaction, plans, token);
            var results = plans.SelectMany(p => p.Leaves)
                .ToDictionary(l => l.Draft.Id, l => new AppendedEvent(l.Draft.Id, l.Sequence, l.LeafHash, l.Draft.RecordedAt), StringComparer.Ordinal);
            return toWrite.Select(d => results[d.Id]).ToList();
        }, cancellationToken);
    }

    private static async Task<Dictionary<string, LogHead>> LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] orgIds, CancellationToken cancellationToken)
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
            heads[orgId] = new LogHead(orgId, size, AppendPlanner.Split(frontier),
                reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2), reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
        }
        return heads;
    }

    private async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AppendPlan> plans, CancellationToken cancellationToken)
    {
        var leaves = plans.SelectMany(p => p.Leaves).ToList();
        var drafts = leaves.Select(l => l.Draft).ToList();
        var nodes = plans.SelectMany(p => p.Nodes.Select(n => (p.OrgId, n.Node, n.Hash))).ToList();
        var signedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        var updateHeads = Command(UpdateHeads, Text(plans.Select(p => p.OrgId)),
            Bigint(plans.Select(p => p.Leaves[0].Sequence - 1)), Bigint(plans.Select(p => p.NewSize)),
            Bytea(plans.Select(p => p.NewFrontier)), Bytea(plans.Select(p => p.NewRoot)));
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(InsertEvents, Text(drafts.Select(d => d.OrgId)), Bigint(leaves.Select(l => l.Sequence)),
                    Text(drafts.Select(d => d.Id)), Text(drafts.Select(d => d.EventType)), Text(drafts.Select(d => d.Severity)),
                    Bigint(drafts.Select(d => d.RecordedAt.ToUnixTimeMilliseconds())), Text(drafts.Select(d => d.Actor)),
                    Text(drafts.Select(d => d.Source)), Bytea(leaves.Select(l => l.LeafHash)), Text(leaves.Select(l => l.Commitments))),
                Command(InsertDetails, Text(drafts.Select(d => d.Id)), Text(drafts.Select(d => d.OrgId)),
                    Bigint(leaves.Select(l => l.Sequence)), Text(drafts.Select(d => d.IndexedValue("userId"))),
                    Text(drafts.Select(d => d.IndexedValue("ipAddress"))), Text(drafts.Select(d => d.IndexedValue("resource"))),
                    Text(leaves.Select(l => l.Secrets))),
                Command(InsertNodes, Text(nodes.Select(n => n.OrgId)), Integer(nodes.Select(n => n.Node.Level)),
                    Bigint(nodes.Select(n => n.Node.Index)), Bytea(nodes.Select(n => n.Hash))),
                updateHeads,
                Command(InsertCheckpoints, Text(plans.Select(p => p.OrgId)), Bigint(plans.Select(p => p.NewSize)),
                    Bytea(plans.Select(p => p.NewRoot)), Text(plans.Select(p => p.Checkpoint)), Bigint(plans.Select(_ => signedAt))),
            },
        };
        await batch.PrepareAsync(cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (updateHeads.RecordsAffected != plans.Count)
            throw new LedgerIntegrityException("A log head moved while it was locked; the batch was not committed");
    }
}
