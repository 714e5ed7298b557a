using Microsoft.Extensions.DependencyInjection;
using Mudbase.Ledger;
using Mudbase.Server.Tests.Infrastructure;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Tests;

/// <summary>Someone with write access to the database alters it; the self-check and the offline verifier both notice.</summary>
public abstract class LedgerTamperTests(ServerFixture server) : IAsyncLifetime
{
    private const int Events = 12;
    private List<string> ids = [];
    private NoteVerifier key = null!;

    protected ServerFixture Server => server;

    protected NoteVerifier Key => key;

    public async Task InitializeAsync()
    {
        await server.InitializeAsync();
        ids = await server.OwnerClient.LogManyAsync(Events);
        key = await server.Factory.CreateClient().PublicKeyAsync();
    }

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task AnUntouchedLedgerPassesBothChecks()
    {
        var check = await SelfCheckAsync();
        Assert.True(check.Ok, check.Problem);
        Assert.Equal(Events, check.TreeSize);
        Assert.True((await server.OwnerClient.ExportAndVerifyAsync(key)).Ok);
    }

    [Fact]
    public async Task AChangedDetailValueIsDetectedAtItsLeaf()
    {
        await ExecuteAsync($"UPDATE event_details SET secrets = {server.Factory.ReplaceBytesSql("secrets", "probe 5", "probe X")} WHERE seq = (SELECT seq FROM events WHERE id = @id)", ids[5]);
        await AssertDetectedAsync(5, 5);
    }

    [Fact]
    public async Task AnUndecodableDetailRowIsReportedAtItsLeafBySelfCheck()
    {
        var garbage = server.Factory.Storage == StorageKind.Postgres ? "'\\x01ff'::bytea" : "X'01FF'";
        await ExecuteAsync($"UPDATE event_details SET secrets = {garbage} WHERE seq = (SELECT seq FROM events WHERE id = @id)", ids[6]);

        var check = await SelfCheckAsync();

        Assert.False(check.Ok);
        Assert.Equal(6, check.FirstBadIndex);
        Assert.Contains("cannot be decoded", check.Problem);
    }

    [Fact]
    public async Task AChangedLeafHashIsDetected()
    {
        await ExecuteAsync($"UPDATE events SET leaf_hash = {server.Factory.RandomBytesSql()} WHERE id = @id", ids[7]);
        // Proofs come from the tiles, which still hold the true hash: the forged one fails at its own leaf.
        await AssertDetectedAsync(7, 7);
    }

    [Fact]
    public async Task ADeletedEventIsDetectedAsAGap()
    {
        await ExecuteAsync("DELETE FROM events WHERE id = @id", ids[4]);
        await AssertDetectedAsync(4, 4);
    }

    [Fact]
    public async Task SwappedEventsAreDetected()
    {
        await ExecuteAsync("""
            UPDATE events SET seq = -1 WHERE id = @id;
            UPDATE events SET seq = 3 WHERE seq = 4 AND org_id = (SELECT org_id FROM events WHERE id = @id);
            UPDATE events SET seq = 4 WHERE id = @id;
            """, ids[2]);
        await AssertDetectedAsync(2, 2);
    }

    [Fact]
    public async Task ARewrittenTailWithRecomputedHashesButNoSigningKeyIsDetected()
    {
        // The forger rewrites the last three events and recomputes their leaf hashes and tiles honestly; only the
        // checkpoint signature is out of reach.
        await using (var connection = await server.Factory.OpenDatabaseAsync())
        {
            var tile = new List<byte>();
            var events = await server.Factory.Services.GetStoredEventsAsync(server.Owner.OrgId);
            foreach (var stored in events)
            {
                var forged = stored.Sequence > 9 ? stored with { Severity = "low" } : stored;
                var opening = LeafOpenings.From(forged);
                var hash = Mudbase.Ledger.Evidence.LeafRebuilder.TryRebuild(opening.Event, opening.Details, out _, out _)!;
                await connection.ExecuteAsync("UPDATE events SET severity = @severity, leaf_hash = @hash WHERE id = @id",
                    ("@severity", forged.Severity), ("@hash", hash), ("@id", stored.Id));
                tile.AddRange(hash);
            }
            // Fewer than 256 events: every leaf hash sits in tile 0 of level 0, and no higher level has a tile yet.
            Assert.Equal(1, await connection.ExecuteAsync("UPDATE tree_tiles SET hashes = @hashes WHERE org_id = @org AND level = 0 AND idx = 0",
                ("@hashes", tile.ToArray()), ("@org", server.Owner.OrgId)));
        }

        var check = await SelfCheckAsync();
        Assert.False(check.Ok);
        Assert.Equal(9, check.FirstBadIndex);
        var report = await server.OwnerClient.ExportAndVerifyAsync(key);
        Assert.False(report.Ok);
        Assert.NotNull(report.FirstFailure?.LeafIndex);
    }

    protected async Task AssertDetectedAsync(long selfCheckIndex, long verifyIndex)
    {
        var check = await SelfCheckAsync();
        Assert.False(check.Ok);
        Assert.Equal(selfCheckIndex, check.FirstBadIndex);

        var report = await server.OwnerClient.ExportAndVerifyAsync(key);
        Assert.False(report.Ok);
        Assert.Equal(verifyIndex, report.FirstFailure!.LeafIndex);
    }

    private protected async Task<SelfCheckResult> SelfCheckAsync()
    {
        var results = await server.Factory.Services.GetRequiredService<LedgerMonitor>().RunOnceAsync(CancellationToken.None);
        var result = Assert.Single(results, r => r.OrgId == server.Owner.OrgId);
        using var health = await server.Factory.CreateClient().GetAsync("/health");
        var ledger = (await Json.ReadAsync(health)).GetProperty("checks").GetProperty("ledger");
        Assert.Equal(result.Ok ? "Healthy" : "Unhealthy", ledger.GetProperty("status").GetString());
        if (!result.Ok)
            Assert.Contains(result.Problem!, ledger.GetProperty("description").GetString());
        return result;
    }

    protected async Task ExecuteAsync(string sql, string id)
    {
        await using var connection = await server.Factory.OpenDatabaseAsync();
        await connection.ExecuteAsync(sql, ("@id", id));
    }
}

public sealed class LedgerTamperOnSqlite() : LedgerTamperTests(new SqliteServer())
{
    [Fact]
    public async Task ATruncatedDatabaseFileIsRefusedAtStart()
    {
        Server.Factory.KeepData = true;
        await Server.Factory.DisposeAsync();
        var file = Path.Combine(Server.Factory.DataDirectory, "mudbase.db");
        await using (var stream = new FileStream(file, FileMode.Open))
            stream.SetLength(stream.Length / 2);

        await using var restarted = new MudbaseFactory(Server.Storage, dataDirectory: Server.Factory.DataDirectory);
        var error = Record.Exception(() => restarted.CreateClient());
        if (error is null)
        {
            var check = await restarted.Services.GetRequiredService<LedgerMonitor>().RunOnceAsync(CancellationToken.None);
            Assert.Contains(check, r => !r.Ok);
        }
        else
        {
            Assert.Contains("malformed", error.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }
}

public sealed class LedgerTamperOnPostgres() : LedgerTamperTests(new PostgresServer())
{
    [Fact]
    public async Task LostTablePagesAreDetected()
    {
        // What a truncated file is to SQLite: the second half of the events and every stored tile are gone.
        await using (var connection = await Server.Factory.OpenDatabaseAsync())
        {
            await connection.ExecuteAsync("DELETE FROM events WHERE org_id = @org AND seq > 6", ("@org", Server.Owner.OrgId));
            await connection.ExecuteAsync("DELETE FROM tree_tiles WHERE org_id = @org", ("@org", Server.Owner.OrgId));
        }

        var check = await SelfCheckAsync();
        Assert.False(check.Ok);
        Assert.Equal(6, check.FirstBadIndex);
        var report = await Server.OwnerClient.ExportAndVerifyAsync(Key);
        Assert.False(report.Ok);
    }

    [Fact]
    public async Task AForgedCheckpointRowIsDetected()
    {
        await using (var connection = await Server.Factory.OpenDatabaseAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE checkpoints SET root = sha256(root) WHERE org_id = @org AND tree_size = (SELECT MAX(tree_size) FROM checkpoints WHERE org_id = @org)",
                ("@org", Server.Owner.OrgId));
        }

        var check = await SelfCheckAsync();
        Assert.False(check.Ok);
        Assert.Contains("checkpoint", check.Problem, StringComparison.Ordinal);
        var report = await Server.OwnerClient.ExportAndVerifyAsync(Key);
        Assert.False(report.Ok);
    }
}
