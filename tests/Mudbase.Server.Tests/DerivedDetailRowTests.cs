using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Gdpr;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Details;
using Mudbase.Server.Tests.Infrastructure;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Tests;

/// <summary>
/// Events store one secret from which their detail salts are derived, and no commitment that can be recomputed
/// (<see cref="DerivedDetails"/>): they read exactly as the explicit layout with the same salts would, sit next to
/// rows of that layout in one log, and erasure leaves nothing that opens an erased detail.
/// </summary>
public abstract class DerivedDetailRowTests(StorageKind storage)
{
    [Fact]
    public async Task RowsOfTheCurrentLayoutReadByteForByteAsTheExplicitOneAndADatabaseOfThatLayoutKeepsGrowing()
    {
        using var scratch = new ScratchDirectory();
        Directory.CreateDirectory(scratch.Path);
        var postgres = storage == StorageKind.Postgres ? PostgresTestCluster.CreateDatabase() : null;
        try
        {
            var settings = postgres is null ? null : new Dictionary<string, string?> { ["ConnectionStrings:Mudbase"] = postgres.ConnectionString };
            List<string> ids;
            DetailSnapshot derived;
            string token;
            await using (var factory = new MudbaseFactory(storage, dataDirectory: scratch.Path, extraSettings: settings) { KeepData = true })
            {
                token = (await TestAccounts.RegisterAsync(factory.CreateClient())).Token;
                var owner = factory.Authorized(token);
                ids = [await owner.LogAboutAsync(PrivacyAccess.NewSubject(), "a")];
                ids.Add(await owner.LogAsync(DetailSamples.Varied()));
                ids.Add(await owner.LogAsync(new { eventType = "bulk_data_export", severity = "low" }));
                ids.AddRange(await owner.LogManyAsync(3));
                derived = await DetailSnapshot.TakeAsync(owner, ids);
            }

            // The database as the revision before derived salts left it: every row in the explicit layout, same salts.
            await using (var connection = await DatabaseAccess.OpenDatabaseAsync(scratch.Path, postgres))
            {
                var rows = await ExplicitDetailRows.ReadAllAsync(connection);
                Assert.All(rows, r => Assert.Equal(DerivedDetails.Marker, r.Commitments));
                Assert.All(rows, r => Assert.Equal(DetailCodec.Derived, r.Secrets[0]));
                await ExplicitDetailRows.RewriteAllAsync(connection);
            }

            await using (var factory = new MudbaseFactory(storage, dataDirectory: scratch.Path, extraSettings: settings))
            {
                var owner = factory.Authorized(token);
                derived.AssertSameAs(await DetailSnapshot.TakeAsync(owner, ids));

                var newer = await owner.LogManyAsync(4);
                var check = await SelfCheckAsync(factory);
                Assert.True(check.Ok, check.Problem);
                Assert.Equal(ids.Count + newer.Count, check.TreeSize);
                var report = await owner.ExportAndVerifyAsync(await factory.CreateClient().PublicKeyAsync());
                Assert.True(report.Ok, report.FirstFailure?.ToString());
                Assert.Equal("probe 2", (await owner.EventAsync(newer[2])).GetProperty("details").GetProperty("reason").GetString());

                await using var connection = await DatabaseAccess.OpenDatabaseAsync(scratch.Path, postgres);
                var rows = await ExplicitDetailRows.ReadAllAsync(connection);
                // Nothing is rewritten: the old rows keep their layout, the new ones have the current one.
                Assert.Equal(ids.Count, rows.Count(r => r.Commitments.Length > 1 || r.Commitments[0] == DetailCodec.Format));
                Assert.Equal(4, rows.Count(r => r.Commitments is [DetailCodec.Derived] && r.Secrets[0] == DetailCodec.Derived));
            }
        }
        finally
        {
            if (postgres is not null)
                await PostgresTestCluster.DropDatabaseAsync(postgres);
        }
    }

    [Fact]
    public async Task ErasingDetailsOfDerivedRowsLeavesNothingThatOpensThemAndKeepsEveryProofAndReceipt()
    {
        await using var factory = new MudbaseFactory(storage);
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        var subject = PrivacyAccess.NewSubject();
        var derivedId = await owner.LogAboutAsync(subject, "derived");
        var explicitId = await owner.LogAboutAsync(subject, "explicit");
        var untouched = await owner.LogAboutAsync(PrivacyAccess.NewSubject(), "other");
        await using var connection = await factory.OpenDatabaseAsync();
        await RewriteExplicitAsync(connection, explicitId);
        var secret = (await RowAsync(connection, derivedId)).Secrets[1..33];
        var proofBefore = await ProofAsync(owner, derivedId);
        var untouchedBefore = await ProofAsync(owner, untouched);

        var erased = await owner.EraseSubjectOkAsync(subject);

        // The same receipt as for rows of the explicit layout: both events, three personal keys each.
        Assert.Equal(2, erased.GetProperty("eventsErased").GetInt64());
        Assert.Equal(6, erased.GetProperty("detailsErased").GetInt64());
        var row = await RowAsync(connection, derivedId);
        Assert.Equal(DetailCodec.Explicit, row.Secrets[0]);
        Assert.False(Contains(row.Secrets, secret));
        foreach (var key in new[] { "userId", "ipAddress", "userAgent" })
            Assert.False(Contains(row.Secrets, Convert.FromBase64String(Detail(proofBefore, key).GetProperty("salt").GetString()!)));
        Assert.False(Contains(row.Secrets, Encoding.UTF8.GetBytes("ip-derived")));
        var proofAfter = await ProofAsync(owner, derivedId);
        AssertSameLeafAndPath(proofBefore, proofAfter);
        foreach (var key in new[] { "resource", "reason" })
            Assert.Equal(Detail(proofBefore, key).GetRawText(), Detail(proofAfter, key).GetRawText());
        foreach (var key in new[] { "userId", "ipAddress", "userAgent" })
        {
            Assert.Equal(Detail(proofBefore, key).GetProperty("commitment").GetString(), Detail(proofAfter, key).GetProperty("commitment").GetString());
            Assert.True(Detail(proofAfter, key).GetProperty("erased").GetBoolean());
        }
        Assert.Equal(["ipAddress", "userAgent", "userId"], (await owner.EventAsync(derivedId)).ErasedFields());
        Assert.Equal((await owner.EventAsync(explicitId)).ErasedFields(), (await owner.EventAsync(derivedId)).ErasedFields());
        // The erasure receipt grew the log; the other event's leaf and opening are as they were.
        var untouchedAfter = await ProofAsync(owner, untouched);
        Assert.Equal(untouchedBefore.GetProperty("leaf").GetRawText(), untouchedAfter.GetProperty("leaf").GetRawText());
        Assert.Equal(untouchedBefore.GetProperty("leafHash").GetString(), untouchedAfter.GetProperty("leafHash").GetString());

        // Retention then erases the rest: only commitments stay, and the row is not picked up again.
        using (var put = await owner.PutAsJsonAsync("/api/compliance/retention", new { retentionDays = 30 }))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using (factory.Clock.Advance(TimeSpan.FromDays(31)))
        {
            Assert.True(await factory.Services.GetRequiredService<RetentionJob>().RunOnceAsync(CancellationToken.None));
            row = await RowAsync(connection, derivedId);
            Assert.Equal(DetailCodec.AllErased, row.Secrets[0]);
            Assert.False(Contains(row.Secrets, Encoding.UTF8.GetBytes("reason-derived")));
            Assert.Equal(["ipAddress", "reason", "resource", "userAgent", "userId"], (await owner.EventAsync(derivedId)).ErasedFields());
            AssertSameLeafAndPath(proofBefore, await ProofAsync(owner, derivedId));
            Assert.Equal(0, await OpenRowsAsync(connection, derivedId));
            Assert.Equal(1, await OpenRowsAsync(connection, await owner.LogAboutAsync(PrivacyAccess.NewSubject(), "new")));
        }
        var check = await SelfCheckAsync(factory);
        Assert.True(check.Ok, check.Problem);
        var report = await owner.ExportAndVerifyAsync(await factory.CreateClient().PublicKeyAsync());
        Assert.True(report.Ok, report.FirstFailure?.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AChangedValueInADerivedRowBeforeOrAfterAnErasureIsDetectedAtItsLeaf(bool erasedFirst)
    {
        await using var factory = new MudbaseFactory(storage);
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        var subject = PrivacyAccess.NewSubject();
        await owner.LogManyAsync(2);
        var id = await owner.LogAboutAsync(subject, "kept");
        await owner.LogManyAsync(2);
        if (erasedFirst)
            await owner.EraseSubjectOkAsync(subject);
        await using var connection = await factory.OpenDatabaseAsync();
        Assert.Equal(erasedFirst ? DetailCodec.Explicit : DetailCodec.Derived, (await RowAsync(connection, id)).Secrets[0]);

        await connection.ExecuteAsync($"UPDATE event_details SET secrets = {factory.ReplaceBytesSql("secrets", "reason-kept", "reason-KEPT")} WHERE seq = 3");

        var check = await SelfCheckAsync(factory);
        Assert.False(check.Ok);
        Assert.Equal(2, check.FirstBadIndex);
        var report = await owner.ExportAndVerifyAsync(await factory.CreateClient().PublicKeyAsync());
        Assert.False(report.Ok);
        Assert.Equal(2, report.FirstFailure!.LeafIndex);
    }

    private static async Task<JsonElement> ProofAsync(HttpClient owner, string id) =>
        await Json.ReadAsync(await owner.GetAsync($"/api/compliance/security-events/{id}/proof"));

    private static JsonElement Detail(JsonElement proof, string key) =>
        proof.GetProperty("leaf").GetProperty("details").GetProperty(key);

    private static void AssertSameLeafAndPath(JsonElement before, JsonElement after)
    {
        Assert.Equal(before.GetProperty("leafHash").GetString(), after.GetProperty("leafHash").GetString());
        Assert.Equal(before.GetProperty("leaf").GetProperty("event").GetRawText(), after.GetProperty("leaf").GetProperty("event").GetRawText());
        Assert.Equal(before.GetProperty("leaf").GetProperty("details").EnumerateObject().Select(p => p.Name),
            after.GetProperty("leaf").GetProperty("details").EnumerateObject().Select(p => p.Name));
    }

    private static async Task<SelfCheckResult> SelfCheckAsync(MudbaseFactory factory) =>
        Assert.Single(await factory.Services.GetRequiredService<LedgerMonitor>().RunOnceAsync(CancellationToken.None), r => r.TreeSize > 0);

    private static async Task<(byte[] Commitments, byte[] Secrets)> RowAsync(DbConnection connection, string id)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT e.commitments, d.secrets FROM events e JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq WHERE e.id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return ((byte[])reader.GetValue(0), (byte[])reader.GetValue(1));
    }

    private static async Task RewriteExplicitAsync(DbConnection connection, string id)
    {
        var (commitments, secrets) = ExplicitDetailRows.Of(await RowAsync(connection, id) is var row ? row.Commitments : [], row.Secrets);
        await connection.ExecuteAsync("UPDATE events SET commitments = @value WHERE id = @id", ("@id", id), ("@value", commitments));
        await connection.ExecuteAsync("UPDATE event_details SET secrets = @value WHERE seq = (SELECT seq FROM events WHERE id = @id)", ("@id", id), ("@value", secrets));
    }

    // The retention job's test for a row with something left to erase.
    private async Task<long> OpenRowsAsync(DbConnection connection, string id)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM event_details d JOIN events e ON e.org_id = d.org_id AND e.seq = d.seq WHERE e.id = @id AND {PrivacyRows.HasOpenDetails(storage == StorageKind.Postgres ? "'\\x04'::bytea" : "x'04'")}";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}

public sealed class DerivedDetailRowsOnSqlite() : DerivedDetailRowTests(StorageKind.Sqlite);

public sealed class DerivedDetailRowsOnPostgres() : DerivedDetailRowTests(StorageKind.Postgres);
