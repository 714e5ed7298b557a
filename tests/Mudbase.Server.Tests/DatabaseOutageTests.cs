using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Tests.Infrastructure;
using Mudbase.Server.TransparencyLog;
using Npgsql;

namespace Mudbase.Server.Tests;

/// <summary>
/// PostgreSQL goes away under a running server: appends and reads answer 503 within the configured timeouts,
/// never hang and never 500, and the server serves again by itself once the database is back.
/// </summary>
public sealed class DatabaseOutageTests(PrivatePostgresCluster cluster) : IClassFixture<PrivatePostgresCluster>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public Task AStoppedDatabaseAnswers503AndTheServerRecoversWhenItIsBack() =>
        AssertOutageAndRecoveryAsync(cluster.AdminConnectionString, cluster.StopAsync, cluster.StartAsync);

    // A frozen server cannot time anything out itself; the client-side timeouts of the connection string bound each request.
    [Fact]
    public Task AFrozenDatabaseAnswers503WithinTheTimeoutsAndTheServerRecoversWhenItThaws() =>
        AssertOutageAndRecoveryAsync(cluster.AdminConnectionString + ";Timeout=2;Command Timeout=3;Cancellation Timeout=1000",
            cluster.FreezeAsync, cluster.ThawAsync);

    [Fact]
    public async Task AnAppendStuckBehindALockIsCancelledByTheStatementTimeout()
    {
        await using var factory = new MudbaseFactory(StorageKind.Postgres,
            new() { ["Mudbase:Storage:StatementTimeoutSeconds"] = "1" }, postgresCluster: cluster.AdminConnectionString);
        var (client, eventId) = await LogOneAsync(factory);

        await using (var connection = new NpgsqlConnection(factory.PostgresDatabase!.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var hold = new NpgsqlCommand("SELECT * FROM log_heads FOR UPDATE", connection, transaction);
            await hold.ExecuteNonQueryAsync();

            var timer = Stopwatch.StartNew();
            using var blocked = await client.PostEventAsync(Json.SeedExample);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, blocked.StatusCode);
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(8), $"the blocked append took {timer.Elapsed}");
        }
        await AssertRecoveredAsync(factory, client, eventId);
    }

    private static async Task AssertOutageAndRecoveryAsync(string postgresCluster, Func<Task> breakDatabase, Func<Task> repairDatabase)
    {
        await using var factory = new MudbaseFactory(StorageKind.Postgres, postgresCluster: postgresCluster);
        var (client, eventId) = await LogOneAsync(factory);

        await breakDatabase();
        try
        {
            await AssertUnavailableAsync(client, eventId);
        }
        finally
        {
            await repairDatabase();
        }
        await AssertRecoveredAsync(factory, client, eventId);
    }

    private static async Task<(HttpClient Client, string EventId)> LogOneAsync(MudbaseFactory factory)
    {
        var owner = await TestAccounts.RegisterAsync(factory.CreateClient());
        var client = factory.Authorized(owner.Token);
        return (client, await client.LogAsync(new { eventType = "bulk_data_export", severity = "high" }));
    }

    private static async Task AssertUnavailableAsync(HttpClient client, string eventId)
    {
        var timer = Stopwatch.StartNew();
        using var append = await client.PostEventAsync(Json.SeedExample);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, append.StatusCode);
        Assert.Equal("SERVICE_UNAVAILABLE", (await Json.ReadAsync(append)).GetProperty("code").GetString());

        using var read = await client.GetAsync($"/api/compliance/security-events/{eventId}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal("SERVICE_UNAVAILABLE", (await Json.ReadAsync(read)).GetProperty("code").GetString());

        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var database = (await Json.ReadAsync(health)).GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.True(timer.Elapsed < Bound * 3, $"three requests against a missing database took {timer.Elapsed}");
    }

    private static async Task AssertRecoveredAsync(MudbaseFactory factory, HttpClient client, string eventId)
    {
        var deadline = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var append = await client.PostEventAsync(Json.SeedExample);
            status = append.StatusCode;
            if (status != HttpStatusCode.OK)
                await Task.Delay(250);
        }
        while (status != HttpStatusCode.OK && deadline.Elapsed < Bound);
        Assert.Equal(HttpStatusCode.OK, status);

        using var read = await client.GetAsync($"/api/compliance/security-events/{eventId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var results = await factory.Services.GetRequiredService<LedgerMonitor>().RunOnceAsync(CancellationToken.None);
        Assert.All(results, r => Assert.True(r.Ok, r.Problem));
        Assert.True((await client.ExportAndVerifyAsync(await factory.CreateClient().PublicKeyAsync())).Ok);
    }
}
