using Microsoft.Data.Sqlite;
using Mudbase.Server.Storage.Postings;
using static Mudbase.Server.Storage.Sqlite.SqliteCommands;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>The detail index on SQLite: each session is one <c>BEGIN IMMEDIATE</c> transaction beside the appends.</summary>
internal sealed class SqliteEventIndexStore(SqliteDatabase database) : IEventIndexStore
{
    public async Task<IReadOnlyList<PendingIndex>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ListAsync(connection, $"""
            SELECT org_id, pending FROM (SELECT h.org_id, h.size - {EventTerms.Watermark("h.org_id")} AS pending FROM log_heads h)
            WHERE pending > 0
            """, reader => new PendingIndex(reader.GetString(0), reader.GetInt64(1)), cancellationToken);
    }

    public async Task<IEventIndexSession> BeginAsync(string orgId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            // IMMEDIATE: the write lock first, so an erasure cannot change the values between reading and indexing them.
            return new Session(connection, connection.BeginTransaction(deferred: false), orgId);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // One process owns the file: there is no other node's indexer to skip, only the write lock to wait for.
    public async Task<IEventIndexSession?> TryBeginAsync(string orgId, CancellationToken cancellationToken) =>
        await BeginAsync(orgId, cancellationToken);

    // A deferred transaction takes no lock: under WAL its first read fixes the state every later read sees, while the
    // writer goes on appending. The erasure counts are read before that, so an erasure committed after it shows.
    public async Task<IEventIndexSnapshot?> SnapshotAsync(string orgId, CancellationToken cancellationToken)
    {
        var erasures = database.Erasures.Read();
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            return new Snapshot(connection, connection.BeginTransaction(deferred: true), orgId, () => database.Erasures.Unchanged(erasures));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private class Reader(SqliteConnection connection, SqliteTransaction transaction, string orgId) : IEventIndexReader
    {
        protected SqliteConnection Connection => connection;

        protected SqliteTransaction Transaction => transaction;

        protected string OrgId => orgId;

        public async Task<IReadOnlyList<IndexRun>> LatestRunsAsync(int count, CancellationToken cancellationToken) =>
            await ListAsync(connection,
                "SELECT first_seq, last_seq FROM event_index_runs WHERE org_id = $org ORDER BY first_seq DESC LIMIT $count",
                reader => new IndexRun(reader.GetInt64(0), reader.GetInt64(1)), cancellationToken, ("$org", orgId), ("$count", count));

        public Task<List<DetailValues>> DetailsAsync(long first, long last, int max, CancellationToken cancellationToken) =>
            ListAsync(connection, """
                SELECT e.seq, d.user_id, d.ip_address, d.resource, e.event_type, e.severity, e.actor
                FROM events e LEFT JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq
                WHERE e.org_id = $org AND e.seq >= $first AND e.seq <= $last ORDER BY e.seq LIMIT $max
                """, reader => new DetailValues(reader.GetInt64(0), Text(reader, 1), Text(reader, 2), Text(reader, 3),
                    reader.GetString(4), reader.GetString(5), reader.GetString(6)),
                cancellationToken, ("$org", orgId), ("$first", first), ("$last", last), ("$max", max));

        public Task<List<StoredPosting>> PostingsFromAsync(long firstRun, CancellationToken cancellationToken) =>
            ListAsync(connection, """
                SELECT run, field, value, first_seq, last_seq, gaps FROM event_postings
                WHERE org_id = $org AND run >= $first ORDER BY run, field, value, first_seq
                """, reader => new StoredPosting(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2),
                    new PostingPart(reader.GetInt64(3), reader.GetInt64(4), (byte[])reader.GetValue(5))),
                cancellationToken, ("$org", orgId), ("$first", firstRun));

        private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private sealed class Snapshot(SqliteConnection connection, SqliteTransaction transaction, string orgId, Func<bool> unchanged)
        : Reader(connection, transaction, orgId), IEventIndexSnapshot
    {
        public bool Unchanged => unchanged();
    }

    private sealed class Session(SqliteConnection connection, SqliteTransaction transaction, string orgId)
        : Reader(connection, transaction, orgId), IEventIndexSession
    {
        public Task DeleteRunsFromAsync(long first, CancellationToken cancellationToken) =>
            ExecuteAsync(Connection, """
                DELETE FROM event_postings WHERE org_id = $org AND run >= $first;
                DELETE FROM event_index_runs WHERE org_id = $org AND first_seq >= $first;
                """, cancellationToken, ("$org", OrgId), ("$first", first));

        public async Task WriteRunAsync(IndexRun run, IReadOnlyList<IndexPosting> postings, CancellationToken cancellationToken)
        {
            using (var insert = new SqliteBulkInsert(
                Connection, "event_postings", "org_id", "run", "field", "value", "first_seq", "last_seq", "gaps"))
            {
                insert.Insert(postings, (row, posting) => row.Text(OrgId).Integer(run.First).Integer(posting.Field).Text(posting.Value)
                    .Integer(posting.Part.First).Integer(posting.Part.Last).Blob(posting.Part.Gaps));
            }
            await ExecuteAsync(Connection, "INSERT INTO event_index_runs (org_id, first_seq, last_seq) VALUES ($org, $first, $last)",
                cancellationToken, ("$org", OrgId), ("$first", run.First), ("$last", run.Last));
        }

        public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);
    }
}
