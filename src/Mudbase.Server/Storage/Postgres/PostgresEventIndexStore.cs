using Mudbase.Server.Storage.Postings;
using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresArrays;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// The detail index on PostgreSQL. A session holds the organisation's index lock
/// (<see cref="PostgresDetailErasure.LockIndex"/>) for its transaction, so one node at a time indexes an organisation
/// and no erasure interleaves; under READ COMMITTED its reads after the lock see what the erasure committed. The
/// indexer's own rounds only try the lock (<see cref="TryBeginAsync"/>): when another node indexes that organisation
/// it skips it, where waiting would only find the work done.
/// </summary>
internal sealed class PostgresEventIndexStore(PostgresDatabase database) : IEventIndexStore
{
    private const string InsertPostings = """
        INSERT INTO event_postings (org_id, run, field, value, first_seq, last_seq, gaps)
        SELECT $1, $2, * FROM unnest($3::smallint[], $4::text[], $5::bigint[], $6::bigint[], $7::bytea[])
        """;

    // With the oldest waiting event's time (one primary-key lookup per organisation): a node that just indexed an
    // organisation moves it for every node. OFFSET 0 computes each watermark once instead of once per use.
    public async Task<IReadOnlyList<PendingIndex>> PendingAsync(CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection, $"""
            SELECT p.org_id, p.pending,
                (SELECT e.recorded_at FROM events e WHERE e.org_id = p.org_id AND e.seq = p.size - p.pending + 1)
            FROM (SELECT h.org_id, h.size, h.size - {EventTerms.Watermark("h.org_id")} AS pending FROM log_heads h OFFSET 0) p
            WHERE p.pending > 0
            """, reader => new PendingIndex(reader.GetString(0), reader.GetInt64(1),
                reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))), token), cancellationToken);

    public async Task<IEventIndexSession> BeginAsync(string orgId, CancellationToken cancellationToken) =>
        (await BeginAsync(orgId, wait: true, cancellationToken))!;

    public Task<IEventIndexSession?> TryBeginAsync(string orgId, CancellationToken cancellationToken) =>
        BeginAsync(orgId, wait: false, cancellationToken);

    // A session here holds only the organisation's index lock, which appends never take: it plans its run itself.
    public Task<IEventIndexSnapshot?> SnapshotAsync(string orgId, CancellationToken cancellationToken) =>
        Task.FromResult<IEventIndexSnapshot?>(null);

    private async Task<IEventIndexSession?> BeginAsync(string orgId, bool wait, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken);
                if (wait)
                    await ExecuteAsync(connection, transaction, PostgresDetailErasure.LockIndex, cancellationToken, orgId);
                else if (!await TryLockAsync(connection, transaction, orgId, cancellationToken))
                {
                    await transaction.DisposeAsync();
                    await connection.DisposeAsync();
                    return null;
                }
                return new Session(connection, transaction, orgId);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
        catch (Exception e) when (PostgresFailures.IsUnavailable(e, cancellationToken))
        {
            throw database.Unavailable(e);
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId, CancellationToken cancellationToken)
    {
        await using var command = Create(connection, transaction, PostgresDetailErasure.TryLockIndex, orgId);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private sealed class Session(NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId) : IEventIndexSession
    {
        public async Task<IReadOnlyList<IndexRun>> LatestRunsAsync(int count, CancellationToken cancellationToken) =>
            await ListAsync(connection, transaction,
                "SELECT first_seq, last_seq FROM event_index_runs WHERE org_id = $1 ORDER BY first_seq DESC LIMIT $2",
                reader => new IndexRun(reader.GetInt64(0), reader.GetInt64(1)), cancellationToken, orgId, count);

        // Two range scans merged here rather than a join: the indexer reads the newest rows, past the planner's
        // statistics, which then estimates a handful and joins by one detail look-up per event (ten times slower).
        // Every detail row has its event, so the first `max` detail rows cover the first `max` events.
        public async Task<List<DetailValues>> DetailsAsync(long first, long last, int max, CancellationToken cancellationToken)
        {
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    BatchCommand("""
                        SELECT seq, event_type, severity, actor FROM events
                        WHERE org_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq LIMIT $4
                        """, orgId, first, last, max),
                    BatchCommand("""
                        SELECT seq, user_id, ip_address, resource FROM event_details
                        WHERE org_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq LIMIT $4
                        """, orgId, first, last, max),
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(long Sequence, string EventType, string Severity, string Actor)>();
            while (await reader.ReadAsync(cancellationToken))
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            await reader.NextResultAsync(cancellationToken);
            var values = new List<DetailValues>(rows.Count);
            var hasDetail = await reader.ReadAsync(cancellationToken);
            foreach (var row in rows)
            {
                while (hasDetail && reader.GetInt64(0) < row.Sequence)
                    hasDetail = await reader.ReadAsync(cancellationToken);
                var matches = hasDetail && reader.GetInt64(0) == row.Sequence;
                values.Add(new DetailValues(row.Sequence, matches ? TextOrNull(reader, 1) : null, matches ? TextOrNull(reader, 2) : null,
                    matches ? TextOrNull(reader, 3) : null, row.EventType, row.Severity, row.Actor));
            }
            return values;
        }

        public Task<List<StoredPosting>> PostingsFromAsync(long firstRun, CancellationToken cancellationToken) =>
            ListAsync(connection, transaction, """
                SELECT run, field, value, first_seq, last_seq, gaps FROM event_postings
                WHERE org_id = $1 AND run >= $2 ORDER BY run, field, value, first_seq
                """, reader => new StoredPosting(reader.GetInt64(0), reader.GetInt16(1), reader.GetString(2),
                    new PostingPart(reader.GetInt64(3), reader.GetInt64(4), (byte[])reader.GetValue(5))),
                cancellationToken, orgId, firstRun);

        private static string? TextOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        public async Task DeleteRunsFromAsync(long first, CancellationToken cancellationToken)
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM event_postings WHERE org_id = $1 AND run >= $2", cancellationToken, orgId, first);
            await ExecuteAsync(connection, transaction, "DELETE FROM event_index_runs WHERE org_id = $1 AND first_seq >= $2",
                cancellationToken, orgId, first);
        }

        public async Task WriteRunAsync(IndexRun run, IReadOnlyList<IndexPosting> postings, CancellationToken cancellationToken)
        {
            await using var insert = new NpgsqlCommand(InsertPostings, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = orgId });
            insert.Parameters.Add(new NpgsqlParameter { Value = run.First });
            insert.Parameters.Add(new NpgsqlParameter<short[]>
            {
                TypedValue = postings.Select(p => (short)p.Field).ToArray(),
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Smallint,
            });
            insert.Parameters.Add(Text(postings.Select(p => p.Value)));
            insert.Parameters.Add(Bigint(postings.Select(p => p.Part.First)));
            insert.Parameters.Add(Bigint(postings.Select(p => p.Part.Last)));
            insert.Parameters.Add(Bytea(postings.Select(p => p.Part.Gaps)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, "INSERT INTO event_index_runs (org_id, first_seq, last_seq) VALUES ($1, $2, $3)",
                cancellationToken, orgId, run.First, run.Last);
        }

        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
