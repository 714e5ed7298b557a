using System.Text;
using Mudbase.Server.Tests.Infrastructure;
using Npgsql;

namespace Mudbase.Server.Tests;

/// <summary>
/// The erasure guarantee at the level of bytes: after an erasure (and, on PostgreSQL, the maintenance step of
/// docs/GDPR.md) the erased values are in no database file, nor in a later export.
/// </summary>
public abstract class ErasedBytesTests(StorageKind storage)
{
    [Fact]
    public async Task ErasedValuesAppearNowhereInTheDatabaseFilesOrLaterExports()
    {
        await using var factory = new MudbaseFactory(storage);
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        var marker = Guid.NewGuid().ToString("N");
        var subject = $"usr_erasable_{marker}";
        var erased = new[] { subject, $"ip-{marker}", $"agent-{marker}" };
        // Enough other events around the subject's to split pages and move rows while they are written.
        for (var i = 0; i < 300; i++)
        {
            if (i % 15 == 0)
                await owner.LogAboutAsync(subject, marker);
            await owner.LogAsync(new
            {
                eventType = "suspicious_api_activity",
                severity = "low",
                details = new { userId = $"usr_other_{i}", note = new string('n', 200) }
            });
        }
        await FlushAsync(factory);
        Assert.All(erased, value => Assert.True(FilesContaining(factory, value).Count > 0, $"{value} should be stored before the erasure"));

        Assert.Equal(20, (await owner.EraseSubjectOkAsync(subject)).GetProperty("eventsErased").GetInt64());
        // A transaction whose snapshot predates the erasure (a concurrent read of the server) may still see the old row
        // versions, and VACUUM keeps what a live snapshot can see; docs/GDPR.md says to run the step again after it ends.
        for (var attempt = 0; attempt < 10 && erased.Any(value => FilesContaining(factory, value).Count > 0); attempt++)
        {
            await RunMaintenanceAsync(factory);
            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
        }

        foreach (var value in erased)
            Assert.True(FilesContaining(factory, value) is [], $"{value} still in {string.Join(", ", FilesContaining(factory, value))}");
        var bundle = Encoding.UTF8.GetString(await owner.GetByteArrayAsync("/api/compliance/security-events/export?format=evidence"));
        var csv = Encoding.UTF8.GetString(await owner.GetByteArrayAsync("/api/compliance/security-events/export?format=csv"));
        Assert.All(erased, value => Assert.DoesNotContain(value, bundle + csv));
    }

    private static async Task FlushAsync(MudbaseFactory factory)
    {
        if (factory.PostgresDatabase is null)
            return;
        await using var connection = await factory.OpenDatabaseAsync();
        // What autovacuum does sooner or later: sample the columns into pg_statistic.
        await connection.ExecuteAsync("ANALYZE event_details");
        await connection.ExecuteAsync("CHECKPOINT");
    }

    // The documented step on PostgreSQL: rewrite the detail tables (and the account table) so no dead row version
    // keeps an old value, refresh their statistics (pg_statistic samples column values) and rewrite pg_statistic
    // so the old samples go too, then checkpoint so the rewritten files are on disk.
    private static async Task RunMaintenanceAsync(MudbaseFactory factory)
    {
        if (factory.PostgresDatabase is null)
            return;
        await using var connection = await factory.OpenDatabaseAsync();
        await connection.ExecuteAsync("VACUUM (FULL, ANALYZE) event_details");
        await connection.ExecuteAsync("VACUUM (FULL, ANALYZE) event_postings");
        await connection.ExecuteAsync("VACUUM (FULL, ANALYZE) users");
        await connection.ExecuteAsync("VACUUM (FULL) pg_statistic");
        await connection.ExecuteAsync("CHECKPOINT");
    }

    private static List<string> FilesContaining(MudbaseFactory factory, string value)
    {
        var needle = Encoding.UTF8.GetBytes(value);
        return DatabaseFiles(factory).Where(path => Contains(path, needle)).ToList();
    }

    private static IEnumerable<string> DatabaseFiles(MudbaseFactory factory)
    {
        if (factory.PostgresDatabase is not { } postgres)
            return Directory.GetFiles(factory.DataDirectory, "mudbase.db*");
        using var connection = new NpgsqlConnection(postgres.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT current_setting('data_directory'), oid FROM pg_database WHERE datname = current_database()", connection);
        using var reader = command.ExecuteReader();
        reader.Read();
        var directory = Path.Combine(reader.GetString(0), "base", reader.GetFieldValue<uint>(1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Directory.GetFiles(directory);
    }

    private static bool Contains(string path, byte[] needle)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }
}

public sealed class ErasedBytesOnSqlite() : ErasedBytesTests(StorageKind.Sqlite);

public sealed class ErasedBytesOnPostgres() : ErasedBytesTests(StorageKind.Postgres);
