using Npgsql;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// The pooled PostgreSQL data source. Every store goes through <see cref="RunAsync{T}"/>, so a database that is
/// down, slow or out of connections surfaces as <see cref="StorageUnavailableException"/> (503), never a 500 or a hang.
/// </summary>
internal sealed class PostgresDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

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

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
