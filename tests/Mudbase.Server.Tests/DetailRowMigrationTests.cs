using System.Data.Common;
using System.Net.Http.Json;
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
            Snapshot before;
            string token;
            await using (var factory = new MudbaseFactory(storage, dataDirectory: scratch.Path, extraSettings: settings) { KeepData = true })
            {
                token = (await TestAccounts.RegisterAsync(factory.CreateClient())).Token;
                var owner = factory.Authorized(token);
                ids = [await owner.LogAboutAsync(subject, "plain")];
                ids.Add(await owner.LogAsync(new
                {
                    eventType = "bulk_data_export",
                    severity = "low",
                    details = new Dictionary<string, object?>
                    {
                        ["userId"] = subject,
                        ["zeta"] = "é ✓ <tag> \"quoted\" \\ \n",
                        ["amount"] = 1.50m,
                        ["flag"] = true,
                        ["count"] = 1e21,
                        ["Alpha"] = "upper case sorts first",
                    },
                }));
                ids.Add(await owner.LogAboutAsync(PrivacyAccess.NewSubject(), "erased-before"));
                // One event already partly erased, and one with no details at all.
                await owner.EraseSubjectOkAsync((await owner.EventAsync(ids[2])).GetProperty("details").GetProperty("userId").GetString()!);
                ids.Add(await owner.LogAsync(new { eventType = "bulk_data_export", severity = "low" }));
                before = await Snapshot.TakeAsync(owner, ids);
            }

            await using (var connection = await DatabaseAccess.OpenDatabaseAsync(scratch.Path, postgres))
                await RewriteAsLegacyJsonAsync(connection);

            await using (var factory = new MudbaseFactory(storage, dataDirectory: scratch.Path, extraSettings: settings))
            {
                var owner = factory.Authorized(token);
                var after = await Snapshot.TakeAsync(owner, ids);
                Assert.Equal(before.Events, after.Events);
                Assert.Equal(before.Proofs, after.Proofs);
                Assert.Equal(before.BundleLines, after.BundleLines);
                Assert.Equal(before.Categories, after.Categories);

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

    private sealed record Snapshot(List<string> Events, List<string> Proofs, List<string> BundleLines, string Categories)
    {
        public static async Task<Snapshot> TakeAsync(HttpClient owner, IReadOnlyList<string> ids)
        {
            var events = new List<string>();
            var proofs = new List<string>();
            foreach (var id in ids)
            {
                events.Add(await owner.GetStringAsync($"/api/compliance/security-events/{id}"));
                proofs.Add(await owner.GetStringAsync($"/api/compliance/security-events/{id}/proof"));
            }
            var bundle = await owner.GetStringAsync("/api/compliance/security-events/export?format=evidence");
            // The first line is the bundle's header, stamped with the time of the export.
            var lines = bundle.Split('\n').Skip(1).ToList();
            using var record = await owner.PostAsJsonAsync("/api/compliance/data-processing-record", new { recordDate = "2026-01-01T00:00:00Z" });
            var categories = (await Json.ReadAsync(record)).GetProperty("record").GetProperty("processingActivities")[0]
                .GetProperty("personalDataCategories").GetRawText();
            return new Snapshot(events, proofs, lines, categories);
        }
    }

    /// <summary>Puts every row back the way the revision before schema version 14 stored it, at version 13.</summary>
    private async Task RewriteAsLegacyJsonAsync(DbConnection connection)
    {
        var rows = new List<(string Org, long Seq, byte[] Commitments, byte[] Secrets)>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT e.org_id, e.seq, e.commitments, d.secrets FROM events e JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add((reader.GetString(0), reader.GetInt64(1), (byte[])reader.GetValue(2), (byte[])reader.GetValue(3)));
        }
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(DetailCodec.Format, r.Commitments[0]));
        // PostgreSQL held text columns: the JSON goes in as its UTF-8 bytes and the columns turn back into text.
        object Legacy(string json) => storage == StorageKind.Postgres ? Encoding.UTF8.GetBytes(json) : json;
        foreach (var (org, seq, commitments, secrets) in rows)
        {
            (string, object)[] key = [("@org", org), ("@seq", seq)];
            await connection.ExecuteAsync("UPDATE events SET commitments = @value WHERE org_id = @org AND seq = @seq",
                [.. key, ("@value", Legacy(LegacyDetailRows.Commitments(commitments)))]);
            await connection.ExecuteAsync("UPDATE event_details SET secrets = @value WHERE org_id = @org AND seq = @seq",
                [.. key, ("@value", Legacy(LegacyDetailRows.Secrets(secrets)))]);
        }
        if (storage == StorageKind.Postgres)
        {
            await connection.ExecuteAsync("ALTER TABLE events ALTER COLUMN commitments TYPE text USING convert_from(commitments, 'UTF8')");
            await connection.ExecuteAsync("ALTER TABLE event_details ALTER COLUMN secrets TYPE text USING convert_from(secrets, 'UTF8')");
        }
        await connection.ExecuteAsync("DELETE FROM schema_version WHERE version >= 14");
    }
}

public sealed class DetailRowMigrationOnSqlite() : DetailRowMigrationTests(StorageKind.Sqlite);

public sealed class DetailRowMigrationOnPostgres() : DetailRowMigrationTests(StorageKind.Postgres);
