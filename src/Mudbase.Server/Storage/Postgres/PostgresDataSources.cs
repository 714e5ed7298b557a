using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Builds the data source from <c>ConnectionStrings:Mudbase</c>. Pool size and timeouts the operator did not set
/// get bounded defaults, so an unreachable database fails a request within seconds instead of holding it.
/// </summary>
internal static class PostgresDataSources
{
    public const int DefaultMaxPoolSize = 50;
    public const int DefaultConnectTimeoutSeconds = 5;
    public const int DefaultCommandTimeoutSeconds = 15;

    public static NpgsqlDataSource Create(string connectionString, int statementTimeoutSeconds)
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
        return builder.Build();
    }

    private static bool HasAny(DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);
}
