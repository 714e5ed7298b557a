using Npgsql;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// The pooled PostgreSQL data source. Every store goes through <see cref="RunAsync{T}"/>, so a database that is
/// down, slow or out of connections surfaces as <see cref="StorageUnavailableException"/> (503), never a 500 or a hang.
/// Pooled connections keep no session state and are not reset (<see cref="PostgresDataSources.Create"/>); a session
/// lock or a LISTEN takes a connection of its own from <see cref="OpenDedicatedAsync"/>.
/// </summary>
internal sealed class PostgresDatabase(NpgsqlDataSource dataSource, NpgsqlDataSource dedicated) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>An unpooled connection: its session, and every lock or LISTEN in it, ends when it is disposed.</summary>
    public ValueTask<NpgsqlConnection> OpenDedicatedAsync(CancellationToken cancellationToken) =>
        dedicated.OpenConnectionAsync(cancellationToken);

    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            return await work(connection, cancellationToken);
        }
        catch (Exception e) when (PostgresFailures.IsUnavailable(e, cancellationToken))
        {
            throw Unavailable(e);
        }
    }

    public Task RunAsync(Func<NpgsqlConnection, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync(async (connection, token) =>
        {
            await work(connection, token);
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns.</summary>
    public Task<T> InTransactionAsync<T>(
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            var result = await work(connection, transaction, token);
            var committing = System.Diagnostics.Stopwatch.GetTimestamp();
            await transaction.CommitAsync(token);
            Observability.MudbaseInstruments.Committed("postgresql", committing);
            return result;
        }, cancellationToken);

    public StorageUnavailableException Unavailable(Exception failure)
    {
        // After a restart of the server every idle pooled connection is dead; dropping them at once lets the next
        // request open a fresh one instead of each stale connection failing a request of its own.
        if (PostgresFailures.IsConnectionLoss(failure))
            DataSource.Clear();
        return new StorageUnavailableException("The database is unavailable", failure);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await dedicated.DisposeAsync();
    }
}
