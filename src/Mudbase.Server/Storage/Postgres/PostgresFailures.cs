using System.Net.Sockets;
using Npgsql;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>Which failures mean "the database is not there right now" rather than a bug in a statement.</summary>
internal static class PostgresFailures
{
    public const string UniqueViolation = "23505";

    public static bool IsUnavailable(Exception failure, CancellationToken cancellationToken) => failure switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        PostgresException postgres => postgres.IsTransient || IsServerSide(postgres.SqlState),
        // Broken sockets, connect and command timeouts, an exhausted pool.
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    public static bool IsConnectionLoss(Exception failure) => failure switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException { InnerException: IOException or SocketException } => true,
        NpgsqlException npgsql => npgsql.InnerException is not TimeoutException && npgsql is not PostgresException,
        _ => false,
    };

    // 08 connection, 53 resources, 57 operator intervention (shutdown, statement timeout), 58 system, XX internal.
    private static bool IsServerSide(string sqlState) =>
        sqlState.Length == 5 && sqlState[..2] is "08" or "53" or "57" or "58" or "XX";
}
