using SQLitePCL;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file beside the writer instead of on its thread. SQLite's automatic
/// checkpoint runs in the connection that commits, right after the commit: on the one writer connection every append
/// waited while some 16 MB were copied and fsynced. Here the writer only counts the pages its commits wrote; past
/// <c>pages</c> a pass on its own connection copies them (PASSIVE: it takes no lock the writer needs), again while
/// the appends meanwhile added many, and then the writer copies the few frames committed during the pass itself, so
/// the whole WAL is in the file and its next transaction starts the WAL over instead of growing it.
/// </summary>
internal sealed partial class SqliteCheckpointer(SqliteDatabase database, int pages, ILogger logger) : IAsyncDisposable
{
    // A pass repeats while the appends meanwhile added more frames than this; fewer are left to the writer.
    private const int FewFrames = 256;
    private const int MaxRounds = 8;

    private int written;
    private Task pass = Task.CompletedTask;
    private volatile bool restForWriter;

    /// <summary>After each commit, on the writer's thread: counts its pages, starts a pass or copies what one left.</summary>
    public void Committed(sqlite3 writer)
    {
        raw.sqlite3_db_status(writer, raw.SQLITE_DBSTATUS_CACHE_WRITE, out var pagesWritten, out _, 1);
        written += pagesWritten;
        if (restForWriter)
        {
            restForWriter = false;
            Checkpoint(writer, out _);
        }
        else if (written >= pages && pass.IsCompleted)
        {
            written = 0;
            pass = Task.Run(PassAsync);
        }
    }

    private async Task PassAsync()
    {
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            var handle = connection.Handle ?? throw new InvalidOperationException("The checkpoint connection is closed");
            if (!Checkpoint(handle, out var frames))
                return;
            for (var round = 1; round < MaxRounds; round++)
            {
                var before = frames;
                if (!Checkpoint(handle, out frames) || frames - before < FewFrames)
                    break;
            }
            restForWriter = true;
        }
        catch (Exception e)
        {
            LogPassFailed(logger, e);
        }
    }

    // The WAL's frames when the checkpoint began; false when another checkpoint ran or the WAL could not be copied.
    private bool Checkpoint(sqlite3 db, out int frames)
    {
        var result = raw.sqlite3_wal_checkpoint_v2(db, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out frames, out _);
        if (result is raw.SQLITE_OK)
            return true;
        if (result is not (raw.SQLITE_BUSY or raw.SQLITE_LOCKED))
            LogCheckpointFailed(logger, result, raw.sqlite3_errmsg(db).utf8_to_string());
        return false;
    }

    public async ValueTask DisposeAsync() => await pass;

    [LoggerMessage(Level = LogLevel.Warning, Message = "A WAL checkpoint pass failed; the next commits start another")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A WAL checkpoint failed with SQLite code {Code}: {Message}")]
    private static partial void LogCheckpointFailed(ILogger logger, int code, string message);
}
