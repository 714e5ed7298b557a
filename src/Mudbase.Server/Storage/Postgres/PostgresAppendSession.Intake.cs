using Npgsql;
using NpgsqlTypes;
using static Mudbase.Server.Storage.Postgres.PostgresArrays;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>The intake side of the append session: the integrator lease, the waiting requests, their settlement.</summary>
internal sealed partial class PostgresAppendSession
{
    private const string TryLease = """
        SELECT o FROM unnest($1::text[]) WITH ORDINALITY AS u(o, n) WHERE pg_try_advisory_xact_lock($2, hashtext(o)) ORDER BY n
        """;

    // In the same round trip: the lock is re-entrant, so the leased organisations pass the test again. One freed
    // between the two statements may pass too; its rows are dropped below, since it was not leased. The test runs once
    // per organisation, before any intake row is read (OFFSET 0 keeps the planner from moving it to the rows): a
    // transaction that leased nothing, as most lease attempts of a busy organisation on several nodes, reads nothing.
    private const string ReadWaiting = """
        SELECT i.request_id, i.org_id, i.events, i.payload
        FROM (SELECT o FROM unnest($1::text[]) AS u(o) WHERE pg_try_advisory_xact_lock($2, hashtext(o)) OFFSET 0) AS leased
        CROSS JOIN LATERAL (SELECT request_id, org_id, events, payload, position FROM append_intake
                            WHERE org_id = leased.o ORDER BY position LIMIT 4096) AS i
        ORDER BY i.position LIMIT 4096
        """;

    // Removes the integrated requests and announces, at commit, the nodes whose requests were settled here (not this
    // one: its own are answered in memory). A payload too long for NOTIFY is sent empty, which concerns every node.
    private const string DeleteAndAnnounce = $"""
        WITH gone AS (DELETE FROM append_intake WHERE request_id = ANY($1) RETURNING node_id)
        SELECT pg_notify('{PostgresIntakeLease.Channel}', CASE WHEN length(n) > 7900 THEN '' ELSE n END)
        FROM (SELECT string_agg(DISTINCT node_id, ',') AS n FROM gone WHERE node_id <> $2) AS settled WHERE n IS NOT NULL
        """;

    private const string InsertOutcomes = """
        INSERT INTO append_outcomes (request_id, first_seq, fingerprint, status, response, created_at, expires_at, settled_at)
        SELECT u.*, $8 FROM unnest($1::uuid[], $2::bigint[], $3::bytea[], $4::integer[], $5::text[], $6::bigint[], $7::bigint[]) AS u
        """;

    public Task<IntakeLease> LeaseAsync(IReadOnlyList<string> orgIds, int maxEvents, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            var leaseClass = new NpgsqlParameter<int> { TypedValue = PostgresIntakeLease.ClassId };
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands = { Command(TryLease, Text(orgIds), leaseClass), Command(ReadWaiting, Text(orgIds), leaseClass.Clone()) },
            };
            await using var reader = await batch.ExecuteReaderAsync(token);
            var leased = new List<string>(orgIds.Count);
            while (await reader.ReadAsync(token))
                leased.Add(reader.GetString(0));
            await reader.NextResultAsync(token);
            var entries = new List<IntakeEntry>();
            var events = 0;
            while (events < maxEvents && await reader.ReadAsync(token))
            {
                var entry = new IntakeEntry(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), (byte[])reader.GetValue(3));
                if (!leased.Contains(entry.OrgId, StringComparer.Ordinal))
                    continue;
                entries.Add(entry);
                events += entry.Events;
            }
            return new IntakeLease(leased, entries);
        }, cancellationToken);

    public Task SettleAsync(IReadOnlyList<Guid> integrated, IReadOnlyList<IntakeOutcome> outcomes, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Command(DeleteAndAnnounce, Uuid(integrated), new NpgsqlParameter<string> { TypedValue = node.Id }),
                    Command(InsertOutcomes, Uuid(outcomes.Select(o => o.RequestId)), Bigint(outcomes.Select(o => o.FirstSequence)),
                        Nullable(outcomes.Select(o => o.Replayed?.Fingerprint), NpgsqlDbType.Bytea),
                        Nullable(outcomes.Select(o => o.Replayed?.Status), NpgsqlDbType.Integer),
                        Nullable(outcomes.Select(o => o.Replayed?.Response), NpgsqlDbType.Text),
                        Nullable(outcomes.Select(o => o.Replayed?.CreatedAt.ToUnixTimeMilliseconds()), NpgsqlDbType.Bigint),
                        Nullable(outcomes.Select(o => o.Replayed?.ExpiresAt.ToUnixTimeMilliseconds()), NpgsqlDbType.Bigint),
                        new NpgsqlParameter<long> { TypedValue = time.GetUtcNow().ToUnixTimeMilliseconds() }),
                },
            };
            await batch.ExecuteNonQueryAsync(token);
            return true;
        }, cancellationToken);

    private static NpgsqlParameter Nullable<T>(IEnumerable<T> values, NpgsqlDbType type) =>
        new NpgsqlParameter<T[]> { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };
}
