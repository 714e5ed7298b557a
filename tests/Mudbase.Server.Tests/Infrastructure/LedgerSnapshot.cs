using Mudbase.Ledger;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>What an operator keeps of a log: its published key and its latest signed checkpoint, saved to files.</summary>
public sealed record LedgerSnapshot(long Size, byte[] Root, string CheckpointFile, string KeyFile)
{
    public static async Task<LedgerSnapshot> SaveAsync(HttpClient owner, string directory)
    {
        Directory.CreateDirectory(directory);
        var name = Guid.NewGuid().ToString("N");
        var body = await Json.ReadAsync(await owner.GetAsync("/api/compliance/ledger/checkpoint"));
        var checkpointFile = Path.Combine(directory, name + ".checkpoint.json");
        await File.WriteAllTextAsync(checkpointFile, body.GetRawText());
        var keyFile = Path.Combine(directory, name + ".vkey");
        await File.WriteAllTextAsync(keyFile, body.GetProperty("verifierKey").GetString());
        Assert.True(Checkpoint.TryParse(body.GetProperty("checkpoint").GetString()!.Split("\n\n")[0] + "\n", out var checkpoint));
        return new LedgerSnapshot(checkpoint.Size, checkpoint.RootHash, checkpointFile, keyFile);
    }

    /// <summary>Asserts that the log behind <paramref name="owner"/> now extends this snapshot, by a consistency proof.</summary>
    public async Task AssertExtendedByAsync(HttpClient owner, string directory)
    {
        var now = await SaveAsync(owner, directory);
        Assert.True(now.Size > Size);
        var proof = await Json.ReadAsync(await owner.GetAsync($"/api/compliance/ledger/consistency?from={Size}&to={now.Size}"));
        Assert.True(MerkleProofs.VerifyConsistency(Size, now.Size, LedgerClient.Hashes(proof.GetProperty("proof")), Root, now.Root));
    }
}
