using System.Net;
using Mudbase.Client;
using Mudbase.Contracts;
using Mudbase.Ledger;
using Mudbase.Ledger.Evidence;

namespace Mudbase.Client.Tests;

public sealed class ComplianceClientTests(ClientServer server) : IClassFixture<ClientServer>
{
    private static readonly SecurityEventDetails SeedDetails = new()
    {
        UserId = "usr_3HjF6SCqdOmxz6",
        Resource = "alarm program",
        IpAddress = "2667 Beryl Passage",
        UserAgent = "monitor compress",
        Action = "feed index",
        Reason = "driver navigate",
    };

    [Fact]
    public async Task RegisteringThenLoggingTheSeedEventReturnsItsIdAndReadsItBack()
    {
        var client = await SignedInClientAsync();

        var logged = await client.Compliance.LogSecurityEventAsync(
            new LogSecurityEventRequest(SecurityEventTypes.UnauthorizedAccessAttempt, Severities.High, SeedDetails));

        Assert.True(logged.Success);
        Assert.Equal("Security event recorded", logged.Message);
        var read = await client.Compliance.GetSecurityEventAsync(logged.EventId);
        Assert.Equal("2667 Beryl Passage", read.Details["ipAddress"].GetString());
        Assert.Equal(1, read.Sequence);
    }

    [Fact]
    public async Task AValidationErrorThrowsWithTheServersCodeAndFieldDetails()
    {
        var client = await SignedInClientAsync();

        var error = await Assert.ThrowsAsync<MudbaseApiException>(() =>
            client.Compliance.LogSecurityEventAsync(new LogSecurityEventRequest("port index", "monitor generate")));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        Assert.True(error.Details!.Value.TryGetProperty("severity", out _));
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task CallingWithoutATokenThrowsUnauthorized()
    {
        var error = await Assert.ThrowsAsync<MudbaseApiException>(() =>
            server.NewClient().Compliance.LogSecurityEventAsync(new LogSecurityEventRequest("brute_force_attempt", "low")));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, error.Code);
    }

    [Fact]
    public async Task LoginAndRefreshKeepTheClientSignedIn()
    {
        var email = $"c-{Guid.NewGuid():N}@northwind.dev";
        var client = server.NewClient();
        await client.Auth.RegisterAsync(new RegisterRequest(email, "correct horse battery", "Morgan", "Chen"));
        var login = await client.Auth.LoginAsync(new LoginRequest(email, "correct horse battery"));
        var refreshed = await client.Auth.RefreshAsync(login.RefreshToken);

        Assert.NotEqual(login.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(email, (await client.Auth.GetSessionAsync()).User.Email);
        await Assert.ThrowsAsync<MudbaseApiException>(() => client.Auth.RefreshAsync(login.RefreshToken));
    }

    [Fact]
    public async Task BatchListIterateAndSummaryWorkTogether()
    {
        var client = await SignedInClientAsync();
        var batch = await client.Compliance.LogSecurityEventsBatchAsync(Enumerable.Range(0, 7).Select(i =>
            new LogSecurityEventRequest("bulk_data_export", i % 2 == 0 ? Severities.Low : Severities.High,
                new SecurityEventDetails { UserId = $"usr_{i % 3}" })));
        Assert.Equal(7, batch.EventIds.Count);

        var page = await client.Compliance.ListSecurityEventsAsync(new SecurityEventFilter { Severities = [Severities.High] }, limit: 2);
        Assert.Equal(2, page.Events.Count);
        Assert.NotNull(page.NextCursor);

        var all = new List<SecurityEventView>();
        await foreach (var view in client.Compliance.IterateSecurityEventsAsync(new SecurityEventFilter { Ascending = true }, pageSize: 2))
            all.Add(view);
        Assert.Equal(batch.EventIds, all.Select(v => v.EventId));

        var summary = await client.Compliance.GetSummaryAsync();
        Assert.Equal(7, summary.Events.Total);
        Assert.Equal(4, summary.Events.Last24Hours.BySeverity[Severities.Low]);
    }

    [Fact]
    public async Task AnEvidenceExportStreamsABundleThatVerifiesWithThePublishedKey()
    {
        var client = await SignedInClientAsync();
        for (var i = 0; i < 3; i++)
            await client.Compliance.LogSecurityEventAsync(new LogSecurityEventRequest("brute_force_attempt", Severities.Medium, SeedDetails));

        var key = NoteVerifier.Parse((await client.Ledger.GetPublicKeyAsync()).VerifierKey);
        await using var bundle = await client.Compliance.ExportAsync(ExportFormat.Evidence);
        var buffered = new MemoryStream();
        await bundle.CopyToAsync(buffered);
        buffered.Position = 0;
        var report = EvidenceVerifier.Verify(buffered, key, null);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(3, report.EventsVerified);
        Assert.Equal(3, (await client.Ledger.GetCheckpointAsync()).TreeSize);
    }

    [Fact]
    public async Task AProofFromTheClientVerifiesLocally()
    {
        var client = await SignedInClientAsync();
        var logged = await client.Compliance.LogSecurityEventAsync(new LogSecurityEventRequest("brute_force_attempt", Severities.High, SeedDetails));
        await client.Compliance.LogSecurityEventAsync(new LogSecurityEventRequest("brute_force_attempt", Severities.High));

        var proof = await client.Ledger.GetProofAsync(logged.EventId);
        var key = NoteVerifier.Parse((await client.Ledger.GetPublicKeyAsync()).VerifierKey);
        Assert.True(key.TryVerify(proof.Checkpoint!, out var body));
        Assert.True(Checkpoint.TryParse(body, out var checkpoint));
        var leaf = proof.Leaf.TryRebuildLeafHash(out _, out _)!;
        Assert.True(MerkleProofs.VerifyInclusion(leaf, proof.LeafIndex, proof.TreeSize,
            proof.AuditPath.Select(Convert.FromBase64String).ToList(), checkpoint.RootHash));
        var consistency = await client.Ledger.GetConsistencyAsync(1, 2);
        Assert.Equal(2, consistency.To);
    }

    private async Task<MudbaseClient> SignedInClientAsync()
    {
        var client = server.NewClient();
        await client.Auth.RegisterAsync(new RegisterRequest($"c-{Guid.NewGuid():N}@northwind.dev", "correct horse battery", "Morgan", "Chen"));
        return client;
    }
}
