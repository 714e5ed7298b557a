using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Client;
using Mudbase.Contracts;
using Mudbase.Ledger;
using Mudbase.Ledger.Evidence;
using Mudbase.Server.Storage;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class LedgerEndpointTests(ServerFixture server) : IAsyncLifetime
{
    private List<string> ids = [];

    public async Task InitializeAsync()
    {
        await server.InitializeAsync();
        ids = await server.OwnerClient.LogManyAsync(9);
    }

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task TheCheckpointIsASignedNoteOverTheWholeLogThatThePublishedKeyVerifies()
    {
        var body = await Json.ReadAsync(await server.OwnerClient.GetAsync("/api/compliance/ledger/checkpoint"));
        var key = await server.Factory.CreateClient().PublicKeyAsync();

        Assert.True(key.TryVerify(body.GetProperty("checkpoint").GetString()!, out var noteBody));
        Assert.True(Checkpoint.TryParse(noteBody, out var checkpoint));
        Assert.Equal(9, checkpoint.Size);
        Assert.Equal(9, body.GetProperty("treeSize").GetInt64());
        Assert.Equal($"mudbase.local/{server.Owner.OrgId}", checkpoint.Origin);
        Assert.Equal(Convert.ToBase64String(checkpoint.RootHash), body.GetProperty("rootHash").GetString());
        Assert.Equal(Convert.ToBase64String(key.PublicKey), body.GetProperty("publicKey").GetString());
        Assert.Equal(key.KeyName, body.GetProperty("keyName").GetString());
    }

    [Fact]
    public async Task AnInclusionProofVerifiesAgainstTheSignedRootAndTheLeafRebuildsFromItsOpening()
    {
        var proof = await ReadProofAsync(ids[3]);

        Assert.Equal(3, proof.LeafIndex);
        var key = await server.Factory.CreateClient().PublicKeyAsync();
        Assert.True(key.TryVerify(proof.Checkpoint!, out var noteBody));
        Assert.True(Checkpoint.TryParse(noteBody, out var checkpoint));
        var leafHash = Convert.FromBase64String(proof.LeafHash);
        Assert.True(MerkleProofs.VerifyInclusion(leafHash, proof.LeafIndex, proof.TreeSize,
            proof.AuditPath.Select(Convert.FromBase64String).ToList(), checkpoint.RootHash));
        Assert.Equal(leafHash, proof.Leaf.TryRebuildLeafHash(out _, out _));
        Assert.Equal("probe 3", proof.Leaf.Details["reason"].Value!.Value.GetString());
    }

    [Fact]
    public async Task AProofForAnOlderTreeSizeVerifiesAgainstThatSizesCheckpoint()
    {
        var proof = await ReadProofAsync(ids[2], treeSize: 5);

        Assert.Equal(5, proof.TreeSize);
        Assert.True(Checkpoint.TryParse(proof.Checkpoint!.Split("\n\n")[0] + "\n", out var checkpoint));
        Assert.Equal(5, checkpoint.Size);
        Assert.True(MerkleProofs.VerifyInclusion(Convert.FromBase64String(proof.LeafHash), 2, 5,
            proof.AuditPath.Select(Convert.FromBase64String).ToList(), checkpoint.RootHash));
    }

    [Fact]
    public async Task AConsistencyProofLinksTwoSignedCheckpoints()
    {
        var old = await ReadProofAsync(ids[0], treeSize: 4);
        var current = await ReadProofAsync(ids[0]);
        var body = await Json.ReadAsync(await server.OwnerClient.GetAsync("/api/compliance/ledger/consistency?from=4&to=9"));

        Assert.True(Checkpoint.TryParse(old.Checkpoint!.Split("\n\n")[0] + "\n", out var oldCheckpoint));
        Assert.True(Checkpoint.TryParse(current.Checkpoint!.Split("\n\n")[0] + "\n", out var newCheckpoint));
        Assert.True(MerkleProofs.VerifyConsistency(4, 9, Infrastructure.LedgerClient.Hashes(body.GetProperty("proof")),
            oldCheckpoint.RootHash, newCheckpoint.RootHash));
    }

    [Theory]
    [InlineData("/api/compliance/ledger/consistency?from=5&to=4", "from")]
    [InlineData("/api/compliance/ledger/consistency?from=1&to=99", "to")]
    [InlineData("/api/compliance/ledger/consistency?to=3", "from")]
    [InlineData("/api/compliance/ledger/consistency?from=x&to=3", "from")]
    public async Task BadConsistencyParametersAreValidationErrors(string url, string field)
    {
        using var response = await server.OwnerClient.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("100")]
    [InlineData("abc")]
    public async Task ProofTreeSizesThatCannotContainTheLeafAreValidationErrors(string treeSize)
    {
        using var response = await server.OwnerClient.GetAsync($"/api/compliance/security-events/{ids[4]}/proof?treeSize={treeSize}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnotherOrganisationCannotGetAProofOfYourEvent()
    {
        var stranger = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        using var response = await server.Factory.Authorized(stranger.Token).GetAsync($"/api/compliance/security-events/{ids[0]}/proof");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ThePublicKeyNeedsNoAuthentication()
    {
        var body = await Json.ReadAsync(await server.Factory.CreateClient().GetAsync("/api/compliance/ledger/public-key"));
        Assert.Equal("Ed25519", body.GetProperty("algorithm").GetString());
        Assert.Equal(32, Convert.FromBase64String(body.GetProperty("publicKey").GetString()!).Length);
    }

    [Fact]
    public async Task AnEmptyLogHasASignedEmptyCheckpoint()
    {
        var fresh = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        var body = await Json.ReadAsync(await server.Factory.Authorized(fresh.Token).GetAsync("/api/compliance/ledger/checkpoint"));
        Assert.Equal(0, body.GetProperty("treeSize").GetInt64());
        Assert.Equal(Convert.ToBase64String(MerkleHash.EmptyRoot()), body.GetProperty("rootHash").GetString());
    }

    [Fact]
    public async Task TheEvidenceExportVerifiesOfflineWithThePinnedKey()
    {
        var key = await server.Factory.CreateClient().PublicKeyAsync();
        var report = await server.OwnerClient.ExportAndVerifyAsync(key);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(9, report.EventsVerified);
        Assert.True(report.KeyPinned);
    }

    [Fact]
    public async Task TheEvidenceExportIsAnAttachmentOfJsonLines()
    {
        using var response = await server.OwnerClient.GetAsync("/api/compliance/security-events/export?format=evidence");
        Assert.StartsWith("attachment;", response.Content.Headers.ContentDisposition?.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        var header = JsonSerializer.Deserialize(lines[0], EvidenceJsonContext.Default.EvidenceHeader)!;
        Assert.Equal((0, 8, 9), (header.FirstLeafIndex, header.LastLeafIndex, header.Count));
    }

    [Fact]
    public async Task AnEvidenceExportOfAnEmptyWindowIsAnEmptyBundleThatVerifies()
    {
        var key = await server.Factory.CreateClient().PublicKeyAsync();
        var report = await server.OwnerClient.ExportAndVerifyAsync(key, "&from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z");
        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(0, report.EventsVerified);
    }

    [Fact]
    public async Task ErasingDetailValuesKeepsEveryProofAndTheExportValid()
    {
        var store = server.Factory.Services.GetRequiredService<ILedgerStore>();
        Assert.True(await store.EraseDetailsAsync(server.Owner.OrgId, ids[1], ["userId", "reason"], CancellationToken.None));
        Assert.True(await store.EraseDetailsAsync(server.Owner.OrgId, ids[6], ["userId"], CancellationToken.None));

        var key = await server.Factory.CreateClient().PublicKeyAsync();
        var report = await server.OwnerClient.ExportAndVerifyAsync(key);
        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(3, report.ErasedDetails);

        var proof = await ReadProofAsync(ids[1]);
        Assert.True(proof.Leaf.Details["userId"].Erased);
        Assert.Equal(Convert.FromBase64String(proof.LeafHash), proof.Leaf.TryRebuildLeafHash(out _, out var erased));
        Assert.Equal(2, erased);

        var view = (await Json.ReadAsync(await server.OwnerClient.GetAsync($"/api/compliance/security-events/{ids[1]}"))).GetProperty("event");
        Assert.False(view.GetProperty("details").TryGetProperty("userId", out _));
        Assert.Equal(["userId", "reason"], view.GetProperty("erasedFields").EnumerateArray().Select(e => e.GetString()).Order().Reverse());

        var selfCheck = await server.Factory.Services.GetRequiredService<Mudbase.Server.TransparencyLog.LedgerMonitor>().RunOnceAsync(CancellationToken.None);
        Assert.All(selfCheck, r => Assert.True(r.Ok, r.Problem));
    }

    private async Task<ProofResponse> ReadProofAsync(string eventId, long? treeSize = null)
    {
        using var response = await server.OwnerClient.GetAsync(
            $"/api/compliance/security-events/{eventId}/proof" + (treeSize is null ? "" : $"?treeSize={treeSize}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(MudbaseJsonContext.Default.ProofResponse))!;
    }
}

public sealed class LedgerEndpointOnSqlite() : LedgerEndpointTests(new SqliteServer());

public sealed class LedgerEndpointOnPostgres() : LedgerEndpointTests(new PostgresServer());
