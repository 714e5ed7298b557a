using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class AccessReviewTests(ServerFixture server)
{
    private static object Period(DateTimeOffset start, DateTimeOffset end) =>
        new { reviewPeriod = new { start = start.ToString("O"), end = end.ToString("O") } };

    private object Today() => Period(server.Factory.Clock.GetUtcNow().AddDays(-30), server.Factory.Clock.GetUtcNow().AddMinutes(1));

    [Fact]
    public async Task TheReviewListsMembersTheirRoleChangesKeysInvitationsAndFindings()
    {
        var owner = await server.NewOwnerAsync();
        var ownerClient = server.Factory.Authorized(owner.Token);
        var admin = await server.JoinAsync("admin", ownerClient);
        var member = await server.JoinAsync("member", ownerClient);
        using var promote = await ownerClient.PatchAsJsonAsync($"/api/org/members/{member.UserId}", new { role = "auditor" });
        var (keyId, _) = await server.Factory.Authorized(admin.Token).CreateKeyAsync("events:write");
        using var remove = await ownerClient.DeleteAsync($"/api/org/members/{admin.UserId}");

        using var response = await ownerClient.PostAsJsonAsync("/api/compliance/access-review", Today());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("success").GetBoolean());
        var report = body.GetProperty("report");
        Assert.Equal(report.GetRawText(), body.GetProperty("data").GetRawText());
        Assert.Equal(owner.OrgId, report.GetProperty("orgId").GetString());
        var users = report.GetProperty("users").EnumerateArray().ToDictionary(u => u.GetProperty("userId").GetString()!);
        Assert.Equal(3, users.Count);
        Assert.Equal("removed", users[admin.UserId].GetProperty("status").GetString());
        Assert.Equal("admin", users[admin.UserId].GetProperty("role").GetString());
        Assert.True(users[admin.UserId].TryGetProperty("leftAt", out _));
        Assert.Equal([keyId], users[admin.UserId].GetProperty("apiKeyIds").EnumerateArray().Select(k => k.GetString()));
        var memberChanges = users[member.UserId].GetProperty("roleChanges").EnumerateArray().ToList();
        Assert.Equal(2, memberChanges.Count);
        Assert.Equal("member", memberChanges[1].GetProperty("from").GetString());
        Assert.Equal("auditor", memberChanges[1].GetProperty("to").GetString());
        Assert.False(users[owner.UserId].GetProperty("twoFactorEnabled").GetBoolean());

        var key = Assert.Single(report.GetProperty("apiKeys").EnumerateArray());
        Assert.False(key.GetProperty("creatorIsMember").GetBoolean());
        Assert.Equal(2, report.GetProperty("invitations").GetArrayLength());

        var findings = report.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Contains($"privileged_without_mfa:{owner.UserId}", findings);
        Assert.Contains($"orphaned_api_key:{keyId}", findings);
        Assert.Contains($"non_expiring_api_key:{keyId}", findings);
        Assert.Single(findings, f => f!.StartsWith("privilege_escalation:", StringComparison.Ordinal));
        Assert.Equal(findings.Count, report.GetProperty("recommendations").GetArrayLength());
        var summary = report.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("activeMembers").GetInt32());
        Assert.Equal(1, summary.GetProperty("removedMembers").GetInt32());
        Assert.Equal(2, summary.GetProperty("invitationsAccepted").GetInt32());
        Assert.Equal(0, summary.GetProperty("twoFactorCoveragePercent").GetDouble());
    }

    [Fact]
    public async Task TwoFactorCoverageAndIdleAccountsAndUnusedKeysAreReported()
    {
        var owner = await server.NewOwnerAsync();
        var ownerClient = server.Factory.Authorized(owner.Token);
        var (keyId, _) = await ownerClient.CreateKeyAsync("events:read");
        await server.EnableTwoFactorAsync(owner);
        await server.JoinAsync("viewer", ownerClient);

        HttpResponseMessage response;
        using (server.Factory.Clock.Advance(TimeSpan.FromDays(100)))
            response = await ownerClient.PostAsJsonAsync("/api/compliance/access-review",
                Period(server.Factory.Clock.GetUtcNow().AddDays(-120), server.Factory.Clock.GetUtcNow()));

        var report = (await Json.ReadAsync(response)).GetProperty("report");
        response.Dispose();
        Assert.Equal(50, report.GetProperty("summary").GetProperty("twoFactorCoveragePercent").GetDouble());
        var findings = report.GetProperty("findings").EnumerateArray().ToList();
        Assert.DoesNotContain(findings, f => f.GetProperty("id").GetString() == $"privileged_without_mfa:{owner.UserId}");
        Assert.Equal(2, findings.Count(f => f.GetProperty("kind").GetString() == "idle_account"));
        Assert.Contains(findings, f => f.GetProperty("id").GetString() == $"unused_api_key:{keyId}");
    }

    [Fact]
    public async Task TheReviewDownloadsAsCsvWithFormulasDefused()
    {
        var owner = await server.NewOwnerAsync();
        var ownerClient = server.Factory.Authorized(owner.Token);
        using var renamed = await ownerClient.PatchAsJsonAsync("/api/users/update", new { firstName = "=HYPERLINK(\"x\")" });

        using var byQuery = await ownerClient.PostAsJsonAsync("/api/compliance/access-review?format=csv", Today());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/compliance/access-review") { Content = JsonContent.Create(Today()) };
        request.Headers.Accept.ParseAdd("text/csv");
        using var byAccept = await ownerClient.SendAsync(request);

        Assert.Equal("text/csv", byQuery.Content.Headers.ContentType!.MediaType);
        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType!.MediaType);
        var lines = (await byQuery.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("type,id,name,email,role,status", lines[0], StringComparison.Ordinal);
        var ownerRow = Assert.Single(lines, l => l.StartsWith($"user,{owner.UserId},", StringComparison.Ordinal));
        Assert.Contains("'=HYPERLINK", ownerRow, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith($"finding,privileged_without_mfa:{owner.UserId},", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"reviewPeriod":{"start":"yesterday","end":"2026-01-01T00:00:00Z"}}""", "reviewPeriod.start")]
    [InlineData("""{"reviewPeriod":{"start":"2026-02-01T00:00:00Z","end":"2026-01-01T00:00:00Z"}}""", "reviewPeriod.end")]
    [InlineData("""{"reviewPeriod":{"start":"2024-01-01T00:00:00Z","end":"2026-01-01T00:00:00Z"}}""", "reviewPeriod")]
    [InlineData("""{"reviewPeriod":"last quarter"}""", "reviewPeriod")]
    [InlineData("""{}""", "reviewPeriod")]
    [InlineData("""{"reviewPeriod":{"start":"2024-10-01 00:00:00+00:00"}}""", "reviewPeriod.end")]
    public async Task BadPeriodsAreValidationErrorsNamingTheField(string json, string field)
    {
        using var response = await server.OwnerClient.PostAsync("/api/compliance/access-review", Json.Body(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task TheOfficialDateFormatIsAcceptedAndAnotherOrganisationIsNotFound()
    {
        using var official = await server.OwnerClient.PostAsync("/api/compliance/access-review", Json.Body(
            "{\"orgId\":\"" + server.Owner.OrgId + "\",\"reviewPeriod\":{\"start\":\"2026-10-01 00:00:00+00:00\",\"end\":\"2026-12-31 23:59:59+00:00\"}}"));
        using var other = await server.OwnerClient.PostAsync("/api/compliance/access-review", Json.Body(
            """{"orgId":"org_someoneelse000000000","reviewPeriod":{"start":"2026-10-01 00:00:00+00:00","end":"2026-12-31 23:59:59+00:00"}}"""));

        Assert.Equal(HttpStatusCode.OK, official.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("NOT_FOUND", await OrgAccess.CodeAsync(other));
    }

    [Fact]
    public async Task ASignOffIsRecordedInTheLedgerWithTheDecisions()
    {
        var owner = await server.NewOwnerAsync();
        var ownerClient = server.Factory.Authorized(owner.Token);
        var period = Today();
        using var review = await ownerClient.PostAsJsonAsync("/api/compliance/access-review", period);
        var findingId = (await Json.ReadAsync(review)).GetProperty("report").GetProperty("findings")[0].GetProperty("id").GetString()!;
        var periodJson = JsonSerializer.SerializeToElement(period).GetProperty("reviewPeriod");

        using var unknown = await ownerClient.PostAsJsonAsync("/api/compliance/access-review/sign-off",
            new { reviewPeriod = periodJson, decisions = new[] { new { findingId = "idle_account:usr_nobody", decision = "keep" } } });
        using var badDecision = await ownerClient.PostAsJsonAsync("/api/compliance/access-review/sign-off",
            new { reviewPeriod = periodJson, decisions = new[] { new { findingId, decision = "ignore" } } });
        using var signed = await ownerClient.PostAsJsonAsync("/api/compliance/access-review/sign-off",
            new { reviewPeriod = periodJson, decisions = new[] { new { findingId, decision = "keep", note = "owner enrols next week" } } });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await Json.ReadAsync(unknown)).GetProperty("details").TryGetProperty("decisions[0].findingId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badDecision.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var body = await Json.ReadAsync(signed);
        Assert.Equal(1, body.GetProperty("kept").GetInt32());
        var recorded = Assert.Single(await server.EventsOfTypeAsync(owner.OrgId, "access_review_signed_off"));
        Assert.Equal(body.GetProperty("eventId").GetString(), recorded.Event.Id);
        Assert.Equal(owner.UserId, recorded.Details["userId"]);
        Assert.Contains($"{findingId}=keep (owner enrols next week)", recorded.Details["decisions"], StringComparison.Ordinal);
        Assert.Equal(body.GetProperty("reportDigest").GetString(), recorded.Details["reportDigest"]);
    }
}

public sealed class AccessReviewOnSqlite(SqliteServer server) : AccessReviewTests(server), IClassFixture<SqliteServer>;

public sealed class AccessReviewOnPostgres(PostgresServer server) : AccessReviewTests(server), IClassFixture<PostgresServer>;
