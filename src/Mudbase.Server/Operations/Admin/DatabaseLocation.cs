namespace Mudbase.Server.Operations.Admin;

/// <summary>Which database a command works on: a SQLite data directory or a PostgreSQL connection string, exactly one.</summary>
internal sealed record DatabaseLocation(DirectoryInfo? Data, string? ConnectionString)
{
    public string? DataDirectory => Data?.FullName;

    public string? Problem => (Data, ConnectionString) switch
    {
        (null, null) => "give the database: --data <dir> (SQLite) or --connection-string <cs> (PostgreSQL)",
        (not null, not null) => "give either --data or --connection-string, not both",
        ({ Exists: false }, _) => $"no such data directory: {Data.FullName}",
        _ => null,
    };
}
