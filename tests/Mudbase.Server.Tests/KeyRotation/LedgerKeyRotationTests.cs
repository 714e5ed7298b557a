using System.Text.Json;
using Mudbase.Ledger;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.KeyRotation;

public abstract class LedgerKeyRotationTests(StorageKind storage) : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    [Fact]
    public async Task RotationCoSignsDuringTheGracePeriodAndOldCheckpointsStayVerifiableAfterRetirement()
    {
        await using var first = new MudbaseFactory(storage) { KeepData = true };
        var owner = await TestAccounts.RegisterAsync(first.CreateClient());
        await first.Authorized(owner.Token).LogManyAsync(3);
        var beforeRotation = await LedgerSnapshot.SaveAsync(first.Authorized(owner.Token), scratch.Path);
        var oldKeyText = (await File.ReadAllTextAsync(beforeRotation.KeyFile)).Trim();
        var oldKey = NoteVerifier.Parse(oldKeyText);
        await first.DisposeAsync();

        Assert.Equal(0, (await MudbaseTool.RunAsync("keys", "rotate", "--data", first.DataDirectory)).ExitCode);
        await using (var grace = Restart(first, keepData: true))
        {
            var client = grace.Authorized(owner.Token);
            var keys = await KeysAsync(client);
            Assert.Equal(["active", "co-signing"], keys.Select(k => k.Status));
            Assert.Equal(oldKeyText, keys[1].VerifierKey);
            await client.LogManyAsync(2);
            var note = await CheckpointNoteAsync(client);
            Assert.True(oldKey.TryVerify(note, out _), "the previous key co-signs");
            Assert.True(NoteVerifier.Parse(keys[0].VerifierKey).TryVerify(note, out _), "the new key signs");
            Assert.True((await client.ExportAndVerifyAsync(oldKey)).Ok);
        }

        Assert.Equal(0, (await MudbaseTool.RunAsync("keys", "finish", "--data", first.DataDirectory)).ExitCode);
        await using var after = Restart(first, keepData: false);
        var afterClient = after.Authorized(owner.Token);
        var finalKeys = await KeysAsync(afterClient);
        Assert.Equal(["active", "retired"], finalKeys.Select(k => k.Status));
        Assert.NotNull(finalKeys[1].ValidUntil);
        await afterClient.LogManyAsync(1);
        var newKey = NoteVerifier.Parse(finalKeys[0].VerifierKey);
        var latest = await CheckpointNoteAsync(afterClient);
        Assert.True(newKey.TryVerify(latest, out _));
        Assert.False(oldKey.TryVerify(latest, out _), "a retired key no longer signs");
        Assert.True(oldKey.TryVerify(SignedCheckpoint(beforeRotation), out _), "checkpoints of the retired key still verify");
        await beforeRotation.AssertExtendedByAsync(afterClient, scratch.Path);
        var health = await Json.ReadAsync(await after.CreateClient().GetAsync("/health"));
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        var newKeyFile = scratch["new.vkey"];
        await File.WriteAllTextAsync(newKeyFile, finalKeys[0].VerifierKey);
        var verify = storage == StorageKind.Postgres
            ? await MudbaseTool.RunAsync("verify-db", "--connection-string", first.PostgresDatabase!.ConnectionString, "--public-key", newKeyFile, "--public-key", beforeRotation.KeyFile)
            : await MudbaseTool.RunAsync("verify-db", "--data", first.DataDirectory, "--public-key", newKeyFile, "--public-key", beforeRotation.KeyFile);
        Assert.True(verify.ExitCode == 0, verify.Output);
    }

    private MudbaseFactory Restart(MudbaseFactory previous, bool keepData)
    {
        var settings = new Dictionary<string, string?>();
        if (previous.PostgresDatabase is { } database)
            settings["ConnectionStrings:Mudbase"] = database.ConnectionString;
        return new MudbaseFactory(storage, settings, dataDirectory: previous.DataDirectory) { KeepData = keepData };
    }

    private static async Task<List<(string Status, string VerifierKey, DateTimeOffset? ValidUntil)>> KeysAsync(HttpClient client)
    {
        var body = await Json.ReadAsync(await client.GetAsync("/api/compliance/ledger/public-key"));
        Assert.Equal(body.GetProperty("verifierKey").GetString(), body.GetProperty("keys")[0].GetProperty("verifierKey").GetString());
        return body.GetProperty("keys").EnumerateArray().Select(k => (k.GetProperty("status").GetString()!, k.GetProperty("verifierKey").GetString()!,
            k.TryGetProperty("validUntil", out var until) && until.ValueKind == JsonValueKind.String ? until.GetDateTimeOffset() : (DateTimeOffset?)null)).ToList();
    }

    private static async Task<string> CheckpointNoteAsync(HttpClient client) =>
        (await Json.ReadAsync(await client.GetAsync("/api/compliance/ledger/checkpoint"))).GetProperty("checkpoint").GetString()!;

    private static string SignedCheckpoint(LedgerSnapshot snapshot)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(snapshot.CheckpointFile));
        return document.RootElement.GetProperty("checkpoint").GetString()!;
    }

    public void Dispose() => scratch.Dispose();
}

public sealed class LedgerKeyRotationOnSqlite() : LedgerKeyRotationTests(StorageKind.Sqlite);

public sealed class LedgerKeyRotationOnPostgres() : LedgerKeyRotationTests(StorageKind.Postgres);
