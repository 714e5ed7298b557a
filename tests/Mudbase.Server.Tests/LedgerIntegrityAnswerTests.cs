using System.Net;
using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// Someone alters the ledger's tree under a running server: appends and proofs are refused with their own answer,
/// 503 <c>LEDGER_INTEGRITY</c>, never reported as storage being unavailable and never as a bug (500).
/// </summary>
public abstract class LedgerIntegrityAnswerTests(ServerFixture server) : IAsyncLifetime
{
    private List<string> ids = [];

    public async Task InitializeAsync()
    {
        await server.InitializeAsync();
        ids = await server.OwnerClient.LogManyAsync(3);
    }

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task AnAppendOntoADeletedTileIsRefusedAsALedgerIntegrityFailure()
    {
        await ExecuteAsync("DELETE FROM tree_tiles WHERE org_id = @org");

        using var response = await server.OwnerClient.PostEventAsync(Json.SeedExample);

        await AssertLedgerIntegrityAsync(response);
    }

    [Fact]
    public async Task AProofFromADeletedTileIsRefusedAsALedgerIntegrityFailure()
    {
        await ExecuteAsync("DELETE FROM tree_tiles WHERE org_id = @org");

        using var response = await server.OwnerClient.GetAsync($"/api/compliance/security-events/{ids[1]}/proof");

        await AssertLedgerIntegrityAsync(response);
    }

    [Fact]
    public async Task AnAppendOntoAHeadThatNoLongerMatchesItsCheckpointIsRefusedAsALedgerIntegrityFailure()
    {
        await using (var connection = await server.Factory.OpenDatabaseAsync())
        {
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT frontier FROM log_heads WHERE org_id = @org";
            var org = read.CreateParameter();
            org.ParameterName = "@org";
            org.Value = server.Owner.OrgId;
            read.Parameters.Add(org);
            var frontier = (byte[])(await read.ExecuteScalarAsync())!;
            frontier[0] ^= 0x01;
            Assert.Equal(1, await connection.ExecuteAsync("UPDATE log_heads SET frontier = @frontier WHERE org_id = @org",
                ("@frontier", frontier), ("@org", server.Owner.OrgId)));
        }

        using var response = await server.OwnerClient.PostEventAsync(Json.SeedExample);

        await AssertLedgerIntegrityAsync(response);
    }

    [Fact]
    public async Task AnUntouchedLedgerKeepsAppendingAndProving()
    {
        using var append = await server.OwnerClient.PostEventAsync(Json.SeedExample);
        Assert.Equal(HttpStatusCode.OK, append.StatusCode);
        using var proof = await server.OwnerClient.GetAsync($"/api/compliance/security-events/{ids[1]}/proof");
        Assert.Equal(HttpStatusCode.OK, proof.StatusCode);
    }

    private static async Task AssertLedgerIntegrityAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Retry-After"), "retrying cannot repair a tampered store");
        var body = await Json.ReadAsync(response);
        Assert.Equal(ErrorCodes.LedgerIntegrity, body.GetProperty("code").GetString());
        Assert.Equal(503, body.GetProperty("status").GetInt32());
        Assert.Contains("integrity", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, body.GetProperty("requestId").ValueKind);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await server.Factory.OpenDatabaseAsync();
        Assert.NotEqual(0, await connection.ExecuteAsync(sql, ("@org", server.Owner.OrgId)));
    }
}

public sealed class LedgerIntegrityAnswerOnSqlite() : LedgerIntegrityAnswerTests(new SqliteServer());

public sealed class LedgerIntegrityAnswerOnPostgres() : LedgerIntegrityAnswerTests(new PostgresServer());
