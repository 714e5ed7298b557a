using Npgsql;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>A database of its own for one test server, on the throwaway cluster that ./test.sh starts.</summary>
public sealed record PostgresTestDatabase(string Name, string ConnectionString, string AdminConnectionString);

/// <summary>
/// The throwaway PostgreSQL cluster of the test run, named by <c>MUDBASE_TEST_POSTGRES</c>. Without it every
/// PostgreSQL test fails: a missing database is a broken test run, not a reason to skip.
/// </summary>
public static class PostgresTestCluster
{
    public const string Variable = "MUDBASE_TEST_POSTGRES";

    /// <summary>The script that starts and stops a throwaway cluster, for tests that need one of their own.</summary>
    public const string ScriptVariable = "MUDBASE_TEST_POSTGRES_SCRIPT";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL tests need a server: run ./test.sh, which starts a throwaway " +
                $"PostgreSQL cluster and sets {Variable} (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres).");

    public static PostgresTestDatabase CreateDatabase() => CreateDatabase(AdminConnectionString);

    public static PostgresTestDatabase CreateDatabase(string adminConnectionString)
    {
        var name = $"mudbase_test_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(Unpooled(adminConnectionString)))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, MaxPoolSize = 20 };
        return new PostgresTestDatabase(name, builder.ConnectionString, adminConnectionString);
    }

    public static async Task DropDatabaseAsync(PostgresTestDatabase database)
    {
        await using var admin = new NpgsqlConnection(Unpooled(database.AdminConnectionString));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database.Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    // Admin work is rare, and a pooled connection would outlive a restart of a test's private cluster.
    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    /// <summary>The settings that point a server at <paramref name="database"/>, as environment variables.</summary>
    public static Dictionary<string, string> ProcessEnvironment(PostgresTestDatabase database) => new()
    {
        ["Mudbase__Storage__Provider"] = "postgres",
        ["ConnectionStrings__Mudbase"] = database.ConnectionString,
    };
}
