using System.Collections.Concurrent;
using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresArrays;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// The shared intake on PostgreSQL. Writes are ordinary durable commits without any head lock, so every node writes
/// in parallel; the lease holder integrates them (<see cref="PostgresAppendSession"/>). Settlements are announced with
/// NOTIFY on one listening connection, naming the nodes whose requests were settled, so only those read their
/// outcomes; polling covers a lost connection or a missed notification.
/// </summary>
internal sealed class PostgresAppendIntake(PostgresDatabase database, IntakeNode node, TimeProvider time) : IAppendIntake, IAsyncDisposable
{
    private const string Insert = """
        INSERT INTO append_intake (request_id, org_id, events, queued_at, payload, node_id)
        SELECT r, o, e, $4, p, $6 FROM unnest($1::uuid[], $2::text[], $3::integer[], $5::bytea[]) AS x(r, o, e, p)
        """;

    // Read and removed in one statement. Losing the delete in a crash only leaves rows that ForgetOutcomesAsync removes,
    // so its commit does not wait for an fsync (set_config(…, true) lasts for the batch's implicit transaction).
    private const string NoSync = "SELECT set_config('synchronous_commit', 'off', true)";

    private const string TakeOutcomes = $"""
        DELETE FROM append_outcomes WHERE request_id = ANY($1) RETURNING request_id, first_seq, {IdempotencyRows.RecordColumns}
        """;

    private const string Survey = """
        SELECT count(*), coalesce(array_agg(DISTINCT org_id) FILTER (WHERE queued_at < $1), '{}') FROM append_intake
        """;

    private const string Forget = "DELETE FROM append_outcomes WHERE settled_at < $1";

    private readonly SemaphoreSlim listening = new(1, 1);
    private readonly ConcurrentQueue<string> heard = new();
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
                    new NpgsqlParameter<string> { TypedValue = node.Id },
                },
            };
            await command.ExecuteNonQueryAsync(token);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<IntakeOutcome>> TakeOutcomesAsync(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<IntakeOutcome>>(async (connection, token) =>
        {
            await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Command(NoSync), Command(TakeOutcomes, Uuid(requestIds)) } };
            await using var reader = await batch.ExecuteReaderAsync(token);
            await reader.NextResultAsync(token);
            var outcomes = new List<IntakeOutcome>();
            while (await reader.ReadAsync(token))
                outcomes.Add(new IntakeOutcome(reader.GetGuid(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : IdempotencyRows.Read(reader, 2)));
            return outcomes;
        }, cancellationToken);

    public Task<IntakeSurvey> SurveyAsync(DateTimeOffset queuedBefore, CancellationToken cancellationToken) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(Survey, connection) { Parameters = { Millis(queuedBefore) } };
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return new IntakeSurvey(reader.GetInt64(0), reader.GetFieldValue<string[]>(1));
        }, cancellationToken);

    public Task ForgetOutcomesAsync(DateTimeOffset settledBefore, CancellationToken cancellationToken) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(Forget, connection) { Parameters = { Millis(settledBefore) } };
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task ListenAsync(CancellationToken cancellationToken)
    {
        await listening.WaitAsync(cancellationToken);
        try
        {
            await OpenListenerAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
        {
            // The database is not there yet: the first wait tries again, and polling covers the meantime.
            await DropListenerAsync();
        }
        finally
        {
            listening.Release();
        }
    }

    public async Task<IntakeSignal> WaitForSettlementAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await listening.WaitAsync(cancellationToken);
        try
        {
            // Notifications that arrived since the last wait are already buffered: they answer at once.
            if (heard.IsEmpty)
                await (await OpenListenerAsync(cancellationToken)).WaitAsync(timeout, cancellationToken);
            return Drain();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
        {
            // The listening connection broke: polling carries on, and the next wait opens a new one.
            await DropListenerAsync();
            await Task.Delay(timeout, cancellationToken);
            return IntakeSignal.None;
        }
        finally
        {
            listening.Release();
        }
    }

    private async Task<NpgsqlConnection> OpenListenerAsync(CancellationToken cancellationToken)
    {
        if (listener is not null)
            return listener;
        // Dedicated, not pooled: its LISTEN ends with its session, and no pooled connection (which is not reset)
        // ever carries it.
        var connection = await database.OpenDedicatedAsync(cancellationToken);
        connection.Notification += (_, e) => heard.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresIntakeLease.Channel}", connection))
            await listen.ExecuteNonQueryAsync(cancellationToken);
        return listener = connection;
    }

    // The payload names the nodes whose requests were settled, comma-separated; an empty name (a row queued before nodes
    // were named, or a payload too long to send) concerns every node.
    private IntakeSignal Drain()
    {
        var signal = IntakeSignal.None;
        while (heard.TryDequeue(out var payload))
        {
            var nodes = payload.Split(',');
            if (nodes.Contains("", StringComparer.Ordinal) || nodes.Contains(node.Id, StringComparer.Ordinal))
                signal = IntakeSignal.ForThisNode;
            else if (signal == IntakeSignal.None)
                signal = IntakeSignal.ForOthers;
        }
        return signal;
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
