namespace Mudbase.Server.Storage;

/// <summary>Storage selection (section <c>Mudbase:Storage</c>); the connection string is <c>ConnectionStrings:Mudbase</c>.</summary>
internal sealed class StorageOptions
{
    public const string Section = "Mudbase:Storage";

    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public string Provider { get; set; } = Sqlite;

    /// <summary>Most events one append transaction takes from the queue.</summary>
    public int MaxBatchSize { get; set; } = 1024;

    /// <summary>PostgreSQL only: the server cancels any statement running longer (0 = no limit).</summary>
    public int StatementTimeoutSeconds { get; set; } = 10;

    /// <summary>SQLite only: the largest the database file may grow, in pages of 4 KiB (0 = no cap). Writes past it answer 503.</summary>
    public long SqliteMaxPageCount { get; set; }

    /// <summary>
    /// SQLite only: pages of 4 KiB the appends write to the WAL before it is copied into the database file. A page
    /// written by several commits in between is copied once, so larger values write fewer bytes per event (4000 cut
    /// about 5 % against SQLite's default 1000; bench/rows/pages.py with CHECKPOINT) and keep a larger WAL.
    /// </summary>
    public int SqliteCheckpointPages { get; set; } = 4000;
}
