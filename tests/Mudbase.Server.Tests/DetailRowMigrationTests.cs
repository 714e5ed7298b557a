using System.Data.Common;
using System.Text;
using Mudbase.Server.Storage.Details;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// A database whose commitments and openings are the JSON text schema versions before 14 stored upgrades in place:
/// events, proofs, evidence bundles and the personal data categories read the same bytes after the conversion, and
/// erasure keeps working on converted rows.
/// </summary>
public abstract class DetailRowMigrationTests(StorageKind storage)
{
    [Fact]
    public async Task RowsStoredAsJsonTextConvertAndEveryEventProofAndExportReadsTheSame()
    {
        using var scratch = new ScratchDirectory();
        Directory.CreateDirectory(scratch.Path);
        var postgres = storage == StorageKind.Postgres ? PostgresTestCluster.CreateDatabase() : null;
        try
        {
            var settings = postgres is null ? null : new Dictionary<string, string?> { ["ConnectionStrings:Mudbase"] = postgres.ConnectionString };
            var subject = PrivacyAccess.NewSubject();
            List<string> ids;
            DetailSnapshot before;
            string token;
            await using (var factory = new MudbaseFactory(storage, dataDirectory: scratch.Path, extraSettings: settings) { KeepData = true })
            {
                token = (await TestAccounts.RegisterAsync(factory.CreateClient())).Token;
                var owner = factory.Authorized(token);
                ids = [await owner.LogAboutAsync(subject, "plain")];
                ids.Add(await owner.LogAsync(DetailSamples.Varied(subject)));
                ids.Add(await owner.LogAboutAsync(PrivacyAccess.NewSubject(), "erased-before"));
                // One event already partly erased, and one with no details at all.
                await owner.EraseSubjectOkAsync((await owner.EventAsync(ids[2])).GetProperty("details").GetProperty("userId").GetString()!);
                ids.Add(await owner.LogAsync(new { eventType = "bulk_data_export", severity = "low" }));
                before = await DetailSnapshot.TakeAsync(owner, ids);
            }

            await using (var connection = await DatabaseAccess.OpenDatabaseAsync(scratch.Path, postgres))
                await RewriteAsLegacyJsonAsync(connection);

            await using (var factory = new MudbaseFactory(storage, dataDirectory: scratch.Path, extraSettings: settings))
            {
                var owner = factory.Authorized(token);
                var after = await DetailSnapshot.TakeAsync(owner, ids);
                before.AssertSameAs(after);

                var erased = await owner.EraseSubjectOkAsync(subject);
                Assert.Equal(2, erased.GetProperty("eventsErased").GetInt64());
                Assert.DoesNotContain((await owner.EventAsync(ids[1])).GetProperty("details").EnumerateObject(), p => p.Name == "userId");
                Assert.Equal("upper case sorts first", (await owner.EventAsync(ids[1])).GetProperty("details").GetProperty("Alpha").GetString());
                var report = await owner.ExportAndVerifyAsync(await factory.CreateClient().PublicKeyAsync());
                Assert.True(report.Ok, report.FirstFailure?.ToString());
            }
        }
        finally
        {
            if (postgres is not null)
                await PostgresTestCluster.DropDatabaseAsync(postgres);
        }
    }

    /// <summary>Puts every row and index back the way the revision before schema version 14 stored them, at version 13.</summary>
    private async Task RewriteAsLegacyJsonAsync(DbConnection connection)
    {
        var rows = await ExplicitDetailRows.ReadAllAsync(connection);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(DerivedDetails.Marker, r.Commitments));
        // PostgreSQL held text columns: the JSON goes in as its UTF-8 bytes and the columns turn back into text.
        object Legacy(string json) => storage == StorageKind.Postgres ? Encoding.UTF8.GetBytes(json) : json;
        foreach (var (org, seq, commitments, secrets) in rows)
        {
            (string, object)[] key = [("@org", org), ("@seq", seq)];
            await connection.ExecuteAsync("UPDATE events SET commitments = @value WHERE org_id = @org AND seq = @seq",
                [.. key, ("@value", Legacy(LegacyDetailRows.Commitments(commitments, secrets)))]);
            await connection.ExecuteAsync("UPDATE event_details SET secrets = @value WHERE org_id = @org AND seq = @seq",
                [.. key, ("@value", Legacy(LegacyDetailRows.Secrets(commitments, secrets)))]);
        }
        if (storage == StorageKind.Postgres)
        {
            await connection.ExecuteAsync("ALTER TABLE events ALTER COLUMN commitments TYPE text USING convert_from(commitments, 'UTF8')");
            await connection.ExecuteAsync("ALTER TABLE event_details ALTER COLUMN secrets TYPE text USING convert_from(secrets, 'UTF8')");
        }
        foreach (var statement in EarlierLayouts.BeforeVersion16(storage))
            await connection.ExecuteAsync(statement);
        await connection.ExecuteAsync("DELETE FROM schema_version WHERE version >= 14");
    }
}

public sealed class DetailRowMigrationOnSqlite() : DetailRowMigrationTests(StorageKind.Sqlite);

public sealed class DetailRowMigrationOnPostgres() : DetailRowMigrationTests(StorageKind.Postgres);
