using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Builds the data sources from <c>ConnectionStrings:Mudbase</c>. Pool size and timeouts the operator did not set
/// get bounded defaults, so an unreachable database fails a request within seconds instead of holding it.
/// </summary>
internal static class PostgresDataSources
{
    public const int DefaultMaxPoolSize = 50;
    public const int DefaultConnectTimeoutSeconds = 5;
    public const int DefaultCommandTimeoutSeconds = 15;
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The pool every request uses. Its connections carry no session state (no session lock, no LISTEN, no SET):
    /// what needs a session of its own opens a dedicated connection (<see cref="CreateDedicated"/>). So a returned
    /// connection needs no reset, which would otherwise run seven statements on its next use; and the statements
    /// a node runs all the time are prepared once per connection.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, int statementTimeoutSeconds) =>
        Build(connectionString, statementTimeoutSeconds, (given, settings) =>
        {
            if (!HasAny(given, "No Reset On Close", "NoResetOnClose"))
                settings.NoResetOnClose = true;
            if (!HasAny(given, "Max Auto Prepare", "MaxAutoPrepare"))
                settings.MaxAutoPrepare = DefaultMaxAutoPrepare;
        });

    /// <summary>
    /// Unpooled connections for session state: a session advisory lock or a LISTEN lives exactly as long as its
    /// connection, and closing it (or losing it) ends the session, so nothing it held can reach another user.
    /// </summary>
    public static NpgsqlDataSource CreateDedicated(string connectionString, int statementTimeoutSeconds) =>
        Build(connectionString, statementTimeoutSeconds, (_, settings) => settings.Pooling = false);

    private static NpgsqlDataSource Build(
        string connectionString, int statementTimeoutSeconds, Action<DbConnectionStringBuilder, NpgsqlConnectionStringBuilder> adjust)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        if (!HasAny(given, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize", "MaximumPoolSize"))
            settings.MaxPoolSize = DefaultMaxPoolSize;
        if (!HasAny(given, "Timeout"))
            settings.Timeout = DefaultConnectTimeoutSeconds;
        if (!HasAny(given, "Command Timeout", "CommandTimeout"))
            settings.CommandTimeout = DefaultCommandTimeoutSeconds;
        if (!HasAny(given, "Application Name", "ApplicationName"))
            settings.ApplicationName = "mudbase";
        if (statementTimeoutSeconds > 0)
        {
            // Server side as well: a statement stuck behind a lock is cancelled by PostgreSQL itself and the
            // connection stays usable, where a client-side timeout has to break it.
            settings.Options = string.Create(CultureInfo.InvariantCulture,
                $"{settings.Options} -c statement_timeout={statementTimeoutSeconds * 1000}").Trim();
        }
        adjust(given, settings);
        return builder.Build();
    }

    private static bool HasAny(DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);
}
