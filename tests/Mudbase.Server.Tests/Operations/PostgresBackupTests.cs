using System.Net;
using Mudbase.Server.Tests.Infrastructure;
using Npgsql;

namespace Mudbase.Server.Tests.Operations;

public sealed class PostgresBackupTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    [Fact]
    public async Task APgDumpTakenUnderWriteLoadRestoresVerifiesAndBothLogsExtendItsCheckpoint()
    {
        await using var live = new MudbaseFactory(StorageKind.Postgres);
        var owner = await TestAccounts.RegisterAsync(live.CreateClient());
        var client = live.Authorized(owner.Token);
        await client.LogManyAsync(3);
        var key = await LedgerSnapshot.SaveAsync(client, scratch.Path);
        var load = WriteLoad.Start(live, owner.Token);
        await Task.Delay(300);

        var dump = scratch["mudbase.dump"];
        var database = live.PostgresDatabase!;
        await PostgresTools.RunAsync("pg_dump", database.ConnectionString, "-Fc", "-f", dump, database.Name);
        await Task.Delay(200);
        var written = await load.StopAsync();
        var restoredDatabase = PostgresTestCluster.CreateDatabase();
        try
        {
            await PostgresTools.RunAsync("pg_restore", restoredDatabase.ConnectionString, "--no-owner", "-d", restoredDatabase.Name, dump);

            var verify = await MudbaseTool.RunAsync("verify-db", "--connection-string", restoredDatabase.ConnectionString, "--public-key", key.KeyFile);
            Assert.True(verify.ExitCode == 0, verify.Output);
            Assert.Contains($"ok      {owner.OrgId}", verify.Output);

            // On PostgreSQL the keys live in the data directory, not the database: they are backed up beside the dump.
            var restoredData = scratch["restored-data"];
            Directory.CreateDirectory(restoredData);
            foreach (var file in Directory.EnumerateFiles(live.DataDirectory, "*.key"))
                File.Copy(file, Path.Combine(restoredData, Path.GetFileName(file)));
            await using var restored = new MudbaseFactory(StorageKind.Postgres, dataDirectory: restoredData,
                extraSettings: new() { ["ConnectionStrings:Mudbase"] = restoredDatabase.ConnectionString });
            var restoredClient = restored.Authorized(owner.Token);
            var inBackup = await LedgerSnapshot.SaveAsync(restoredClient, scratch.Path);
            Assert.InRange(inBackup.Size, 3, 3 + written);
            await restoredClient.LogManyAsync(2);
            await inBackup.AssertExtendedByAsync(restoredClient, scratch.Path);
            await inBackup.AssertExtendedByAsync(client, scratch.Path);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresTestCluster.DropDatabaseAsync(restoredDatabase);
        }
    }

    [Fact]
    public async Task VerifyDbOnAConnectionStringNamesTheFirstDivergentLeafAndRefusesAnUnreachedCheckpoint()
    {
        await using var live = new MudbaseFactory(StorageKind.Postgres);
        var owner = await TestAccounts.RegisterAsync(live.CreateClient());
        var client = live.Authorized(owner.Token);
        await client.LogManyAsync(5);
        var key = await LedgerSnapshot.SaveAsync(client, scratch.Path);
        var connectionString = live.PostgresDatabase!.ConnectionString;
        Assert.Equal(0, (await MudbaseTool.RunAsync("verify-db", "--connection-string", connectionString, "--public-key", key.KeyFile)).ExitCode);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("UPDATE events SET event_type = 'mfa_bypass_attempt' WHERE org_id = $1 AND seq = 2", connection);
            tamper.Parameters.AddWithValue(owner.OrgId);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
            await using var rollback = new NpgsqlCommand("DELETE FROM checkpoints WHERE org_id = $1 AND tree_size = 5", connection);
            rollback.Parameters.AddWithValue(owner.OrgId);
            await rollback.ExecuteNonQueryAsync();
        }

        var verify = await MudbaseTool.RunAsync("verify-db", "--connection-string", connectionString,
            "--public-key", key.KeyFile, "--expect-checkpoint", key.CheckpointFile);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains($"FAILED  {owner.OrgId}: first divergent leaf 1:", verify.Output);
        Assert.Contains("behind the checkpoint at size 5", verify.Output);
    }

    public void Dispose() => scratch.Dispose();
}
