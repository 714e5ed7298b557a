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

    private const string ReadWaiting = """
        SELECT request_id, org_id, events, payload FROM append_intake WHERE org_id = ANY($1) ORDER BY position LIMIT 4096
        """;

    private const string DeleteIntegrated = "DELETE FROM append_intake WHERE request_id = ANY($1)";

    private const string InsertOutcomes = """
        INSERT INTO append_outcomes (request_id, first_seq, fingerprint, status, response, created_at, expires_at, settled_at)
        SELECT u.*, $8 FROM unnest($1::uuid[], $2::bigint[], $3::bytea[], $4::integer[], $5::text[], $6::bigint[], $7::bigint[]) AS u
        """;

    private const string Announce = $"SELECT pg_notify('{PostgresIntakeLease.Channel}', '')";

    public Task<IReadOnlyList<string>> TryLeaseAsync(IReadOnlyList<string> orgIds, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<string>>(async token =>
        {
            await using var command = new NpgsqlCommand(TryLease, connection, transaction)
            {
                Parameters = { Text(orgIds), new NpgsqlParameter<int> { TypedValue = PostgresIntakeLease.ClassId } },
            };
            await using var reader = await command.ExecuteReaderAsync(token);
            var leased = new List<string>(orgIds.Count);
            while (await reader.ReadAsync(token))
                leased.Add(reader.GetString(0));
            return leased;
        }, cancellationToken);

    public Task<IReadOnlyList<IntakeEntry>> ReadIntakeAsync(IReadOnlyList<string> orgIds, int maxEvents, CancellationToken cancellationToken) =>
        orgIds.Count == 0 ? Task.FromResult<IReadOnlyList<IntakeEntry>>([]) : RunAsync<IReadOnlyList<IntakeEntry>>(async token =>
        {
            await using var command = new NpgsqlCommand(ReadWaiting, connection, transaction) { Parameters = { Text(orgIds) } };
            await using var reader = await command.ExecuteReaderAsync(token);
            var entries = new List<IntakeEntry>();
            var events = 0;
            while (events < maxEvents && await reader.ReadAsync(token))
            {
                var entry = new IntakeEntry(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), (byte[])reader.GetValue(3));
                entries.Add(entry);
                events += entry.Events;
            }
            return entries;
        }, cancellationToken);

    public Task SettleAsync(IReadOnlyList<Guid> integrated, IReadOnlyList<IntakeOutcome> outcomes, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Command(DeleteIntegrated, Uuid(integrated)),
                    Command(InsertOutcomes, Uuid(outcomes.Select(o => o.RequestId)), Bigint(outcomes.Select(o => o.FirstSequence)),
                        Nullable(outcomes.Select(o => o.Replayed?.Fingerprint), NpgsqlDbType.Bytea),
                        Nullable(outcomes.Select(o => o.Replayed?.Status), NpgsqlDbType.Integer),
                        Nullable(outcomes.Select(o => o.Replayed?.Response), NpgsqlDbType.Text),
                        Nullable(outcomes.Select(o => o.Replayed?.CreatedAt.ToUnixTimeMilliseconds()), NpgsqlDbType.Bigint),
                        Nullable(outcomes.Select(o => o.Replayed?.ExpiresAt.ToUnixTimeMilliseconds()), NpgsqlDbType.Bigint),
                        new NpgsqlParameter<long> { TypedValue = time.GetUtcNow().ToUnixTimeMilliseconds() }),
                    Command(Announce),
                },
            };
            await batch.ExecuteNonQueryAsync(token);
            return true;
        }, cancellationToken);

    private static NpgsqlParameter Nullable<T>(IEnumerable<T> values, NpgsqlDbType type) =>
        new NpgsqlParameter<T[]> { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };
}
