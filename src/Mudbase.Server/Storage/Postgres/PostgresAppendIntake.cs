using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresArrays;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// The shared intake on PostgreSQL. Writes are ordinary durable commits without any head lock, so every node writes
/// in parallel; the lease holder integrates them (<see cref="PostgresAppendSession"/>). Settlements are announced with
/// NOTIFY on one listening connection; polling covers a lost connection or a missed notification.
/// </summary>
internal sealed class PostgresAppendIntake(PostgresDatabase database, TimeProvider time) : IAppendIntake, IAsyncDisposable
{
    private const string Insert = """
        INSERT INTO append_intake (request_id, org_id, events, queued_at, payload)
        SELECT r, o, e, $4, p FROM unnest($1::uuid[], $2::text[], $3::integer[], $5::bytea[]) AS x(r, o, e, p)
        """;

    private const string FindOutcomes = $"""
        SELECT request_id, first_seq, {IdempotencyRows.RecordColumns} FROM append_outcomes WHERE request_id = ANY($1)
        """;

    private const string DeleteOutcomes = "DELETE FROM append_outcomes WHERE request_id = ANY($1)";

    private const string Stalled = "SELECT DISTINCT org_id FROM append_intake WHERE queued_at < $1 LIMIT 256";

    private const string Forget = "DELETE FROM append_outcomes WHERE settled_at < $1";

    private readonly SemaphoreSlim listening = new(1, 1);
    private NpgsqlConnection? listener;

    public Task WriteAsync(IReadOnlyList<IntakeEntry> entries, CancellationToken cancellationToken) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(Insert, connection)
            {
                Parameters =
                {
                    Uuid(entries.Select(e => e.RequestId)), Text(entries.Select(e => e.OrgId)), Integer(entries.Select(e => e.Events)),
                    new NpgsqlParameter<long> { TypedValue = time.GetUtcNow().ToUnixTimeMilliseconds() }, Bytea(entries.Select(e => e.Payload)),
                },
            };
            await command.ExecuteNonQueryAsync(token);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<IntakeOutcome>> TakeOutcomesAsync(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<IntakeOutcome>>(async (connection, token) =>
        {
            var outcomes = new List<IntakeOutcome>();
            await using (var find = new NpgsqlCommand(FindOutcomes, connection) { Parameters = { Uuid(requestIds) } })
            {
                await using var reader = await find.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                    outcomes.Add(new IntakeOutcome(reader.GetGuid(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : IdempotencyRows.Read(reader, 2)));
            }
            if (outcomes.Count == 0)
                return outcomes;
            // Losing this delete in a crash only leaves rows that ForgetOutcomesAsync removes: no fsync is waited for.
            await using var transaction = await connection.BeginTransactionAsync(token);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands = { Command("SET LOCAL synchronous_commit = off"), Command(DeleteOutcomes, Uuid(outcomes.Select(o => o.RequestId))) },
            };
            await batch.ExecuteNonQueryAsync(token);
            await transaction.CommitAsync(token);
            return outcomes;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> StalledOrgsAsync(DateTimeOffset queuedBefore, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<string>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(Stalled, connection) { Parameters = { Millis(queuedBefore) } };
            await using var reader = await command.ExecuteReaderAsync(token);
            var orgs = new List<string>();
            while (await reader.ReadAsync(token))
                orgs.Add(reader.GetString(0));
            return orgs;
        }, cancellationToken);

    public Task ForgetOutcomesAsync(DateTimeOffset settledBefore, CancellationToken cancellationToken) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(Forget, connection) { Parameters = { Millis(settledBefore) } };
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<bool> WaitForSettlementAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await listening.WaitAsync(cancellationToken);
        try
        {
            if (listener is null)
            {
                var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresIntakeLease.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                listener = connection;
            }
            return await listener.WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
        {
            // The listening connection broke: polling carries on, and the next wait opens a new one.
            await DropListenerAsync();
            await Task.Delay(timeout, cancellationToken);
            return false;
        }
        finally
        {
            listening.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropListenerAsync();
        listening.Dispose();
    }

    private async Task DropListenerAsync()
    {
        var connection = Interlocked.Exchange(ref listener, null);
        if (connection is not null)
            await connection.DisposeAsync();
    }

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            return await work(connection, cancellationToken);
        }
        catch (Exception e) when (PostgresFailures.IsUnavailable(e, cancellationToken))
        {
            throw database.Unavailable(e);
        }
    }

    private static NpgsqlParameter<long> Millis(DateTimeOffset value) => new() { TypedValue = value.ToUnixTimeMilliseconds() };
}
