using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Gdpr;
using Mudbase.Server.Storage.Postgres;
using Mudbase.Server.Tests.Infrastructure;
using Npgsql;

namespace Mudbase.Server.Tests;

public abstract class RetentionTests(StorageKind storage)
{
    [Fact]
    public async Task RetentionErasesEveryDetailOfOldEventsExceptHeldOnesAndLeavesAReceipt()
    {
        await using var factory = new MudbaseFactory(storage);
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        var held = PrivacyAccess.NewSubject();
        var old = await owner.LogAboutAsync(PrivacyAccess.NewSubject(), "old");
        var kept = await owner.LogAboutAsync(held, "held");
        await owner.PlaceHoldAsync(new { subjectId = held, reason = "Litigation" });
        using (var put = await owner.PutAsJsonAsync("/api/compliance/retention", new { retentionDays = 30 }))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using (factory.Clock.Advance(TimeSpan.FromDays(31)))
        {
            var recent = await owner.LogAboutAsync(PrivacyAccess.NewSubject(), "recent");
            Assert.True(await factory.Services.GetRequiredService<RetentionJob>().RunOnceAsync(CancellationToken.None));

            Assert.Equal(["ipAddress", "reason", "resource", "userAgent", "userId"], (await owner.EventAsync(old)).ErasedFields());
            Assert.Empty((await owner.EventAsync(kept)).ErasedFields());
            Assert.Empty((await owner.EventAsync(recent)).ErasedFields());
            var erasures = await Json.ReadAsync(await owner.GetAsync("/api/compliance/erasures"));
            var record = Assert.Single(erasures.GetProperty("erasures").EnumerateArray(), e => e.GetProperty("scope").GetString() == "retention");
            Assert.Equal(5, record.GetProperty("details").GetInt64());
            Assert.Equal(1, record.GetProperty("heldBack").GetInt64());
            var receipt = await owner.EventAsync(record.GetProperty("receiptEventId").GetString()!);
            Assert.Equal("data_erasure_completed", receipt.GetProperty("eventType").GetString());
            Assert.Equal("system", receipt.GetProperty("actor").GetString());
            var summary = await Json.ReadAsync(await owner.GetAsync("/api/compliance/summary"));
            Assert.Equal(30, summary.GetProperty("data").GetProperty("gdpr").GetProperty("retentionDays").GetInt32());
            Assert.True((await owner.ExportAndVerifyAsync(await factory.CreateClient().PublicKeyAsync())).Ok);
        }
    }

    [Theory]
    [InlineData("""{"retentionDays":0}""", "retentionDays")]
    [InlineData("""{"retentionDays":36501}""", "retentionDays")]
    [InlineData("""{"retentionDays":"30"}""", "retentionDays")]
    [InlineData("""{"retentionDays":30,"personalKeys":["ok","not ok"]}""", "personalKeys")]
    public async Task ARetentionOutsideTheBoundsIsAValidationProblem(string body, string field)
    {
        await using var factory = new MudbaseFactory(storage);
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        using var response = await owner.PutAsync("/api/compliance/retention", Json.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty(field, out _));
        var policy = await Json.ReadAsync(await owner.GetAsync("/api/compliance/retention"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, policy.GetProperty("retention").GetProperty("retentionDays").ValueKind);
        Assert.Equal(["userId", "ipAddress", "userAgent"], policy.GetProperty("retention").GetProperty("personalKeys").EnumerateArray().Select(k => k.GetString()));
    }
}

public sealed class RetentionOnSqlite() : RetentionTests(StorageKind.Sqlite);

public sealed class RetentionOnPostgres() : RetentionTests(StorageKind.Postgres)
{
    [Fact]
    public async Task WhileAnotherNodeRunsTheRetentionJobThisNodeSkipsItsRound()
    {
        await using var factory = new MudbaseFactory(StorageKind.Postgres);
        await using var otherNode = new NpgsqlConnection(factory.PostgresDatabase!.ConnectionString);
        await otherNode.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", otherNode))
        {
            take.Parameters.AddWithValue(PostgresPrivacyStore.JobLockKey(RetentionJob.JobName));
            await take.ExecuteScalarAsync();
        }
        var job = factory.Services.GetRequiredService<RetentionJob>();
        Assert.False(await job.RunOnceAsync(CancellationToken.None));

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", otherNode))
        {
            release.Parameters.AddWithValue(PostgresPrivacyStore.JobLockKey(RetentionJob.JobName));
            await release.ExecuteScalarAsync();
        }
        Assert.True(await job.RunOnceAsync(CancellationToken.None));
    }
}
