using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// Appends through one writer connection (SQLite has one writer anyway): a session holds it from
/// <see cref="BeginAsync"/> to dispose, each batch in one <c>BEGIN IMMEDIATE</c> transaction whose commit fsyncs the WAL.
/// </summary>
internal sealed class SqliteAppendStore(
    SqliteDatabase database, TimeProvider time, IOptions<StorageOptions> options, ILogger<SqliteAppendStore> logger)
    : IAppendStore, IAsyncDisposable
{
    private readonly SemaphoreSlim writerLock = new(1, 1);
    private SqliteWriter? writer;

    public async Task<IAppendSession> BeginAsync(CancellationToken cancellationToken)
    {
        await writerLock.WaitAsync(cancellationToken);
        try
        {
            writer ??= await SqliteWriter.OpenAsync(database, time, options.Value.SqliteCheckpointPages, logger, cancellationToken);
            return new SqliteAppendSession(writer, writer.Begin(), EndAsync);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            await EndAsync(broken: true);
            throw Unavailable(e);
        }
        catch
        {
            writerLock.Release();
            throw;
        }
    }

    internal static bool IsStorageFailure(Exception e) => e is SqliteException or InvalidOperationException or IOException;

    internal static StorageUnavailableException Unavailable(Exception e) => new("The event could not be committed", e);

    // A failed connection may be in an unknown state; the next batch starts from a fresh one.
    private async Task EndAsync(bool broken)
    {
        try
        {
            if (broken && writer is not null)
            {
                await writer.DisposeAsync();
                writer = null;
            }
        }
        finally
        {
            writerLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (writer is not null)
            await writer.DisposeAsync();
        writerLock.Dispose();
    }
}
