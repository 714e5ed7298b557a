using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>SQLite errors that mean "the storage cannot take this now" (503), as opposed to a bug (500).</summary>
internal static class SqliteFailures
{
    // https://www.sqlite.org/rescode.html: BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN. A failed or short
    // read surfaces as CORRUPT as often as IOERR; a file that is corrupt for good answers 503 too, and the ledger
    // self-check and /health report it.
    private static readonly int[] Unavailable = [5, 6, 8, 10, 11, 13, 14];

    public static bool IsUnavailable(SqliteException e) => Array.IndexOf(Unavailable, e.SqliteErrorCode) >= 0;
}
