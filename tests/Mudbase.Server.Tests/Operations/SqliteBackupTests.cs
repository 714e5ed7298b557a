using System.Net;
using Microsoft.Data.Sqlite;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Operations;

public sealed class SqliteBackupTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    [Fact]
    public async Task ABackupTakenUnderWriteLoadRestoresVerifiesAndBothLogsExtendItsCheckpoint()
    {
        await using var live = new MudbaseFactory();
        var owner = await TestAccounts.RegisterAsync(live.CreateClient());
        var client = live.Authorized(owner.Token);
        await client.LogManyAsync(3);
        var key = await LedgerSnapshot.SaveAsync(client, scratch.Path);
        var load = WriteLoad.Start(live, owner.Token);
        await Task.Delay(300);

        var archive = scratch["backup.zip"];
        var backup = await MudbaseTool.RunAsync("backup", "--data", live.DataDirectory, "--out", archive);
        await Task.Delay(200);
        var written = await load.StopAsync();

        Assert.True(backup.ExitCode == 0, backup.Output);
        Assert.True(written > 0);
        var restoredDirectory = scratch["restored"];
        var restore = await MudbaseTool.RunAsync("restore", "--from", archive, "--data", restoredDirectory, "--public-key", key.KeyFile);
        Assert.True(restore.ExitCode == 0, restore.Output);
        Assert.Contains($"ok      {owner.OrgId}", restore.Output);

        await using var restored = new MudbaseFactory(dataDirectory: restoredDirectory);
        var restoredClient = restored.Authorized(owner.Token);
        var inBackup = await LedgerSnapshot.SaveAsync(restoredClient, scratch.Path);
        Assert.InRange(inBackup.Size, 4, 3 + written);
        await restoredClient.LogManyAsync(2);
        await inBackup.AssertExtendedByAsync(restoredClient, scratch.Path);
        await inBackup.AssertExtendedByAsync(client, scratch.Path);
    }

    [Fact]
    public async Task VerifyDbNamesTheFirstDivergentLeafOfAnAlteredDatabase()
    {
        await using var live = new MudbaseFactory();
        var owner = await TestAccounts.RegisterAsync(live.CreateClient());
        var client = live.Authorized(owner.Token);
        await client.LogManyAsync(6);
        var key = await LedgerSnapshot.SaveAsync(client, scratch.Path);
        var archive = scratch["backup.zip"];
        Assert.Equal(0, (await MudbaseTool.RunAsync("backup", "--data", live.DataDirectory, "--out", archive)).ExitCode);
        var copy = scratch["copy"];
        Assert.Equal(0, (await MudbaseTool.RunAsync("restore", "--from", archive, "--data", copy, "--public-key", key.KeyFile)).ExitCode);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(copy, "mudbase.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE events SET severity = 'low' WHERE org_id = $org AND seq = 4";
            tamper.Parameters.AddWithValue("$org", owner.OrgId);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var verify = await MudbaseTool.RunAsync("verify-db", "--data", copy, "--public-key", key.KeyFile);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains($"FAILED  {owner.OrgId}: first divergent leaf 3:", verify.Output);
    }

    [Fact]
    public async Task AnOlderBackupIsRefusedAgainstACheckpointAlreadyHandedOut()
    {
        await using var live = new MudbaseFactory();
        var owner = await TestAccounts.RegisterAsync(live.CreateClient());
        var client = live.Authorized(owner.Token);
        await client.LogManyAsync(2);
        var archive = scratch["old.zip"];
        Assert.Equal(0, (await MudbaseTool.RunAsync("backup", "--data", live.DataDirectory, "--out", archive)).ExitCode);
        await client.LogManyAsync(3);
        var handedOut = await LedgerSnapshot.SaveAsync(client, scratch.Path);

        var restoredDirectory = scratch["restored"];
        var restore = await MudbaseTool.RunAsync("restore", "--from", archive, "--data", restoredDirectory,
            "--public-key", handedOut.KeyFile, "--expect-checkpoint", handedOut.CheckpointFile);
        var verifyDb = await MudbaseTool.RunAsync("verify-db", "--data", restoredDirectory,
            "--public-key", handedOut.KeyFile, "--expect-checkpoint", handedOut.CheckpointFile);
        await using var server = new MudbaseFactory(dataDirectory: restoredDirectory,
            extraSettings: new() { ["Mudbase:Ledger:ExpectCheckpoints:0"] = handedOut.CheckpointFile });
        var refused = Record.Exception(() => server.CreateClient());

        Assert.Equal(1, restore.ExitCode);
        Assert.Equal(1, verifyDb.ExitCode);
        Assert.Contains($"the log of {owner.OrgId} ends at size 2, behind the checkpoint at size 5", verifyDb.Output);
        Assert.NotNull(refused);
        Assert.Contains("behind the checkpoint at size 5", refused.ToString());
    }

    [Fact]
    public async Task AServerStartsWhenItsLogReachesTheExpectedCheckpoint()
    {
        await using var live = new MudbaseFactory { KeepData = true };
        var owner = await TestAccounts.RegisterAsync(live.CreateClient());
        var client = live.Authorized(owner.Token);
        await client.LogManyAsync(2);
        var handedOut = await LedgerSnapshot.SaveAsync(client, scratch.Path);
        await client.LogManyAsync(1);
        await live.DisposeAsync();

        await using var restarted = new MudbaseFactory(dataDirectory: live.DataDirectory,
            extraSettings: new() { ["Mudbase:Ledger:ExpectCheckpoints:0"] = handedOut.CheckpointFile });
        using var health = await restarted.CreateClient().GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task ABackupCarriesEveryLedgerKeyIncludingRotatedAndRetiredOnes()
    {
        await using var live = new MudbaseFactory();
        var owner = await TestAccounts.RegisterAsync(live.CreateClient());
        await live.Authorized(owner.Token).LogManyAsync(1);
        Assert.Equal(0, (await MudbaseTool.RunAsync("keys", "rotate", "--data", live.DataDirectory)).ExitCode);
        Assert.Equal(0, (await MudbaseTool.RunAsync("keys", "finish", "--data", live.DataDirectory)).ExitCode);
        Assert.Equal(0, (await MudbaseTool.RunAsync("keys", "rotate", "--data", live.DataDirectory)).ExitCode);
        var archive = scratch["backup.zip"];
        Assert.Equal(0, (await MudbaseTool.RunAsync("backup", "--data", live.DataDirectory, "--out", archive)).ExitCode);

        var restored = scratch["restored"];
        Directory.CreateDirectory(restored);
        await Mudbase.Server.Operations.SqliteBackup.RestoreAsync(archive, restored, CancellationToken.None);

        string[] keys = ["ledger-signing.key", "ledger-signing.previous.key", "jwt-signing.key"];
        Assert.All(keys, k => Assert.Equal(File.ReadAllBytes(Path.Combine(live.DataDirectory, k)), File.ReadAllBytes(Path.Combine(restored, k))));
        var retired = Assert.Single(Directory.GetFiles(Path.Combine(live.DataDirectory, "ledger-retired-keys")));
        Assert.Equal(File.ReadAllBytes(retired), File.ReadAllBytes(Path.Combine(restored, "ledger-retired-keys", Path.GetFileName(retired))));
    }

    [Fact]
    public async Task RestoreRefusesADataDirectoryThatAlreadyHoldsADatabase()
    {
        await using var live = new MudbaseFactory();
        var owner = await TestAccounts.RegisterAsync(live.CreateClient());
        var key = await LedgerSnapshot.SaveAsync(live.Authorized(owner.Token), scratch.Path);
        var archive = scratch["backup.zip"];
        Assert.Equal(0, (await MudbaseTool.RunAsync("backup", "--data", live.DataDirectory, "--out", archive)).ExitCode);

        var restore = await MudbaseTool.RunAsync("restore", "--from", archive, "--data", live.DataDirectory, "--public-key", key.KeyFile);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("already holds a database", restore.Output);
    }

    public void Dispose() => scratch.Dispose();
}
