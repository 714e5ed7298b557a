using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresArrays;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// The detail index on PostgreSQL. A session holds the organisation's index lock
/// (<see cref="PostgresDetailErasure.LockIndex"/>) for its transaction, so one node at a time indexes an organisation
/// and no erasure interleaves; under READ COMMITTED its reads after the lock see what the erasure committed.
/// </summary>
internal sealed class PostgresEventIndexStore(PostgresDatabase database) : IEventIndexStore
{
    private const string InsertTerms = """
        INSERT INTO event_terms (org_id, run, field, value, seq)
        SELECT $1, $2, * FROM unnest($3::smallint[], $4::text[], $5::bigint[])
        """;

    public async Task<IReadOnlyList<PendingIndex>> PendingAsync(CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection, $"""
            SELECT org_id, pending FROM (SELECT h.org_id, h.size - {EventTerms.Watermark("h.org_id")} AS pending FROM log_heads h) p
            WHERE pending > 0
            """, reader => new PendingIndex(reader.GetString(0), reader.GetInt64(1)), token), cancellationToken);

    public async Task<IEventIndexSession> BeginAsync(string orgId, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, PostgresDetailErasure.LockIndex, cancellationToken, orgId);
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

    private sealed class Session(NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId) : IEventIndexSession
    {
        public async Task<IReadOnlyList<IndexRun>> LatestRunsAsync(int count, CancellationToken cancellationToken) =>
            await ListAsync(connection, transaction,
                "SELECT first_seq, last_seq FROM event_index_runs WHERE org_id = $1 ORDER BY first_seq DESC LIMIT $2",
                reader => new IndexRun(reader.GetInt64(0), reader.GetInt64(1)), cancellationToken, orgId, count);

        public Task<List<DetailValues>> DetailsAsync(long first, long last, int max, CancellationToken cancellationToken) =>
            ListAsync(connection, transaction, """
                SELECT e.seq, d.user_id, d.ip_address, d.resource, e.event_type, e.severity, e.actor
                FROM events e LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
                WHERE e.org_id = $1 AND e.seq >= $2 AND e.seq <= $3 ORDER BY e.seq LIMIT $4
                """, reader => new DetailValues(reader.GetInt64(0), TextOrNull(reader, 1), TextOrNull(reader, 2), TextOrNull(reader, 3),
                    reader.GetString(4), reader.GetString(5), reader.GetString(6)),
                cancellationToken, orgId, first, last, max);

        private static string? TextOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        public async Task DeleteRunsFromAsync(long first, CancellationToken cancellationToken)
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM event_terms WHERE org_id = $1 AND run >= $2", cancellationToken, orgId, first);
            await ExecuteAsync(connection, transaction, "DELETE FROM event_index_runs WHERE org_id = $1 AND first_seq >= $2",
                cancellationToken, orgId, first);
        }

        public async Task WriteRunAsync(IndexRun run, IReadOnlyList<IndexTerm> terms, CancellationToken cancellationToken)
        {
            await using var insert = new NpgsqlCommand(InsertTerms, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = orgId });
            insert.Parameters.Add(new NpgsqlParameter { Value = run.First });
            insert.Parameters.Add(new NpgsqlParameter<short[]>
            {
                TypedValue = terms.Select(t => (short)t.Field).ToArray(),
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Smallint,
            });
            insert.Parameters.Add(Text(terms.Select(t => t.Value)));
            insert.Parameters.Add(Bigint(terms.Select(t => t.Sequence)));
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
