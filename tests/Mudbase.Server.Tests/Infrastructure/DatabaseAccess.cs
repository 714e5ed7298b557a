using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Straight access to a test server's database, for tests that play someone with write access to it.</summary>
public static class DatabaseAccess
{
    public static async Task<DbConnection> OpenDatabaseAsync(this MudbaseFactory factory)
    {
        DbConnection connection = factory.PostgresDatabase is { } postgres
            ? new NpgsqlConnection(postgres.ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "mudbase.db")}");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The database a server with this data directory (SQLite) or this PostgreSQL database would open.</summary>
    public static async Task<DbConnection> OpenDatabaseAsync(string dataDirectory, PostgresTestDatabase? postgres)
    {
        DbConnection connection = postgres is null
            ? new SqliteConnection(Mudbase.Server.Storage.Sqlite.SqliteDatabase.DefaultConnectionString(dataDirectory))
            : new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs SQL with <c>@name</c> parameters, which both SQLite and Npgsql understand.</summary>
    public static async Task<int> ExecuteAsync(this DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>An SQL expression for 32 random bytes in the server's dialect.</summary>
    public static string RandomBytesSql(this MudbaseFactory factory) =>
        factory.Storage == StorageKind.Postgres ? "sha256(random()::text::bytea)" : "randomblob(32)";

    /// <summary>
    /// An SQL expression for the bytes of <paramref name="column"/> with the UTF-8 text <paramref name="from"/> replaced
    /// by <paramref name="to"/> (for binary columns such as the stored details), in the server's dialect.
    /// </summary>
    public static string ReplaceBytesSql(this MudbaseFactory factory, string column, string from, string to) =>
        factory.Storage == StorageKind.Postgres
            ? $"decode(replace(encode({column}, 'hex'), encode('{from}'::bytea, 'hex'), encode('{to}'::bytea, 'hex')), 'hex')"
            : $"unhex(replace(hex({column}), hex('{from}'), hex('{to}')))";
}
