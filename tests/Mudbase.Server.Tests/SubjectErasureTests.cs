using System.Net;
using System.Net.Http.Json;
using Mudbase.Contracts;
using Mudbase.Ledger;
using Mudbase.Ledger.Evidence;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class SubjectErasureTests(ServerFixture server)
{
    private HttpClient Owner => server.OwnerClient;

    [Fact]
    public async Task ErasingASubjectRemovesTheirPersonalDetailsAndEveryProofStillVerifies()
    {
        // An organisation of its own, so the bundle counts only this test's erasures.
        var owner = server.Factory.Authorized((await TestAccounts.RegisterAsync(server.Factory.CreateClient())).Token);
        var subject = PrivacyAccess.NewSubject();
        var about = new List<string>();
        for (var i = 0; i < 3; i++)
            about.Add(await owner.LogAboutAsync(subject, $"{subject}-{i}"));
        var other = await owner.LogAboutAsync(PrivacyAccess.NewSubject(), "bystander");
        var key = await server.Factory.CreateClient().PublicKeyAsync();
        using var before = await owner.GetAsync("/api/compliance/security-events/export?format=evidence");
        var bundleBefore = await before.Content.ReadAsByteArrayAsync();

        var data = await owner.EraseSubjectOkAsync(subject);

        Assert.False(data.GetProperty("dryRun").GetBoolean());
        Assert.Equal(3, data.GetProperty("eventsMatched").GetInt64());
        Assert.Equal(3, data.GetProperty("eventsErased").GetInt64());
        Assert.Equal(9, data.GetProperty("detailsErased").GetInt64());
        Assert.StartsWith("hmac-sha256:", data.GetProperty("subjectHash").GetString());
        Assert.DoesNotContain(subject, data.GetRawText());
        foreach (var eventId in about)
        {
            var view = await owner.EventAsync(eventId);
            Assert.Equal(["ipAddress", "userAgent", "userId"], view.ErasedFields());
            Assert.Equal("billing export", view.GetProperty("details").GetProperty("resource").GetString());
            Assert.False(view.GetProperty("details").TryGetProperty("userId", out _));
        }
        Assert.Empty((await owner.EventAsync(other)).ErasedFields());

        // Proofs survive: an inclusion proof of an erased event, a fresh evidence bundle, and the bundle made before.
        var proof = (await owner.GetFromJsonAsync($"/api/compliance/security-events/{about[0]}/proof", MudbaseJsonContext.Default.ProofResponse))!;
        Assert.True(key.TryVerify(proof.Checkpoint!, out var note));
        Assert.True(Checkpoint.TryParse(note, out var checkpoint));
        Assert.True(MerkleProofs.VerifyInclusion(Convert.FromBase64String(proof.LeafHash), proof.LeafIndex, proof.TreeSize,
            proof.AuditPath.Select(Convert.FromBase64String).ToList(), checkpoint.RootHash));
        var fresh = await owner.ExportAndVerifyAsync(key);
        Assert.True(fresh.Ok, fresh.FirstFailure?.ToString());
        Assert.Equal(9, fresh.ErasedDetails);
        var old = EvidenceVerifier.Verify(new MemoryStream(bundleBefore), key, null);
        Assert.True(old.Ok, old.FirstFailure?.ToString());
        Assert.Equal(0, old.ErasedDetails);
    }

    [Fact]
    public async Task EachErasureAppendsAReceiptThatNamesTheSubjectOnlyByItsKeyedHash()
    {
        var subject = PrivacyAccess.NewSubject();
        await Owner.LogAboutAsync(subject, subject);
        var data = await Owner.EraseSubjectOkAsync(subject);

        var receipt = await Owner.EventAsync(data.GetProperty("receiptEventId").GetString()!);
        Assert.Equal("data_erasure_completed", receipt.GetProperty("eventType").GetString());
        Assert.Equal(server.Owner.UserId, receipt.GetProperty("actor").GetString());
        var details = receipt.GetProperty("details");
        Assert.Equal(data.GetProperty("subjectHash").GetString(), details.GetProperty("subjectHash").GetString());
        Assert.Equal("subject", details.GetProperty("scope").GetString());
        Assert.Equal(1, details.GetProperty("events").GetInt64());
        Assert.Equal(3, details.GetProperty("details").GetInt64());
        Assert.DoesNotContain(subject, receipt.GetRawText());

        var erasures = await Json.ReadAsync(await Owner.GetAsync("/api/compliance/erasures"));
        Assert.Contains(erasures.GetProperty("erasures").EnumerateArray(),
            e => e.GetProperty("id").GetString() == data.GetProperty("erasureId").GetString()
                && e.GetProperty("receiptEventId").GetString() == receipt.GetProperty("eventId").GetString());
        var summary = await Json.ReadAsync(await Owner.GetAsync("/api/compliance/summary"));
        Assert.True(summary.GetProperty("data").GetProperty("gdpr").GetProperty("erasures").GetInt64() >= 1);
    }

    [Fact]
    public async Task ADryRunReportsWhatWouldBeErasedAndChangesNothing()
    {
        var subject = PrivacyAccess.NewSubject();
        var eventId = await Owner.LogAboutAsync(subject, subject);

        var data = await Owner.EraseSubjectOkAsync(subject, dryRun: true);

        Assert.True(data.GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, data.GetProperty("eventsErased").GetInt64());
        Assert.Equal(3, data.GetProperty("detailsErased").GetInt64());
        Assert.False(data.TryGetProperty("receiptEventId", out _));
        Assert.Empty((await Owner.EventAsync(eventId)).ErasedFields());
    }

    [Fact]
    public async Task AnUnknownSubjectAndASecondErasureAnswerZeroCounts()
    {
        var unknown = await Owner.EraseSubjectOkAsync(PrivacyAccess.NewSubject());
        Assert.Equal(0, unknown.GetProperty("eventsMatched").GetInt64());
        Assert.Equal(0, unknown.GetProperty("detailsErased").GetInt64());

        var subject = PrivacyAccess.NewSubject();
        await Owner.LogAboutAsync(subject, subject);
        await Owner.EraseSubjectOkAsync(subject);
        var again = await Owner.EraseSubjectOkAsync(subject);
        Assert.Equal(0, again.GetProperty("eventsErased").GetInt64());
        Assert.False(again.TryGetProperty("erasureId", out _));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"confirm":"delete"}""")]
    [InlineData("""{"confirm":"DELETE","dryRun":"yes"}""")]
    [InlineData("""[]""")]
    public async Task AMissingOrWrongConfirmationIsAValidationProblemAndErasesNothing(string body)
    {
        var subject = PrivacyAccess.NewSubject();
        var eventId = await Owner.LogAboutAsync(subject, subject);

        using var response = await Owner.PostAsync($"/api/compliance/subjects/{subject}/erase", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", await OrgAccess.CodeAsync(response));
        Assert.Empty((await Owner.EventAsync(eventId)).ErasedFields());
    }

    [Fact]
    public async Task AnotherOrganisationsEventsAboutTheSameSubjectAreUntouched()
    {
        var subject = PrivacyAccess.NewSubject();
        var stranger = server.Factory.Authorized((await TestAccounts.RegisterAsync(server.Factory.CreateClient())).Token);
        var theirs = await stranger.LogAboutAsync(subject, subject);
        await Owner.LogAboutAsync(subject, subject);

        Assert.Equal(1, (await Owner.EraseSubjectOkAsync(subject)).GetProperty("eventsErased").GetInt64());

        Assert.Empty((await stranger.EventAsync(theirs)).ErasedFields());
    }

    [Fact]
    public async Task KeysTheOrganisationDeclaredPersonalAreErasedWithTheSubject()
    {
        var factory = server.Factory;
        var account = await TestAccounts.RegisterAsync(factory.CreateClient());
        var owner = factory.Authorized(account.Token);
        using (var put = await owner.PutAsJsonAsync("/api/compliance/retention", new { retentionDays = (int?)null, personalKeys = new[] { "email" } }))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var subject = PrivacyAccess.NewSubject();
        var eventId = await owner.LogAboutAsync(subject, subject, new { userId = subject, email = "morgan@example.org", action = "login" });

        var data = await owner.EraseSubjectOkAsync(subject);

        Assert.Contains("email", data.GetProperty("erasedKeys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["email", "userId"], (await owner.EventAsync(eventId)).ErasedFields());
    }

    [Fact]
    public async Task TheSubjectExportIsAnAttachmentWithEveryEventAboutTheSubject()
    {
        var subject = PrivacyAccess.NewSubject();
        var ids = new[] { await Owner.LogAboutAsync(subject, "one"), await Owner.LogAboutAsync(subject, "two") };
        await Owner.LogAboutAsync(PrivacyAccess.NewSubject(), "other");
        var auditor = server.Factory.Authorized((await server.JoinAsync("auditor")).Token);

        using var response = await auditor.GetAsync($"/api/compliance/subjects/{subject}/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("attachment;", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.GetValues("Content-Disposition").First());
        var body = await Json.ReadAsync(response);
        Assert.Equal(subject, body.GetProperty("subjectId").GetString());
        Assert.Equal(ids, body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!).ToArray());
        Assert.Equal("ip-one", body.GetProperty("events")[0].GetProperty("details").GetProperty("ipAddress").GetString());
        using var erase = await auditor.EraseSubjectAsync(subject);
        Assert.Equal(HttpStatusCode.Forbidden, erase.StatusCode);
    }

    [Fact]
    public async Task ASubjectIdTooLongIsAValidationProblem()
    {
        using var response = await Owner.EraseSubjectAsync(new string('x', 300));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", await OrgAccess.CodeAsync(response));
    }
}

public sealed class SubjectErasureOnSqlite(SqliteServer server) : SubjectErasureTests(server), IClassFixture<SqliteServer>;

public sealed class SubjectErasureOnPostgres(PostgresServer server) : SubjectErasureTests(server), IClassFixture<PostgresServer>;
