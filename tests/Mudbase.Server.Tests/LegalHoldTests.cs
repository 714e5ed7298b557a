using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class LegalHoldTests(ServerFixture server)
{
    private HttpClient Owner => server.OwnerClient;

    [Fact]
    public async Task AHeldSubjectKeepsTheirDetailsAndTheErasureSaysWhichWereHeldBackAndWhy()
    {
        var subject = PrivacyAccess.NewSubject();
        var eventId = await Owner.LogAboutAsync(subject, subject);
        var hold = await Owner.PlaceHoldAsync(new { subjectId = subject, reason = "Litigation 2026-17" });

        var data = await Owner.EraseSubjectOkAsync(subject);

        Assert.Equal(0, data.GetProperty("eventsErased").GetInt64());
        var held = Assert.Single(data.GetProperty("heldBack").EnumerateArray());
        Assert.Equal(eventId, held.GetProperty("eventId").GetString());
        Assert.Equal(hold.GetProperty("id").GetString(), held.GetProperty("holdId").GetString());
        Assert.Equal("Litigation 2026-17", held.GetProperty("reason").GetString());
        Assert.Empty((await Owner.EventAsync(eventId)).ErasedFields());

        using (var release = await Owner.DeleteAsync($"/api/compliance/legal-holds/{hold.GetProperty("id").GetString()}"))
            Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.Equal(1, (await Owner.EraseSubjectOkAsync(subject)).GetProperty("eventsErased").GetInt64());
    }

    [Fact]
    public async Task AHoldOnATimeRangeCoversOnlyEventsRecordedInIt()
    {
        var subject = PrivacyAccess.NewSubject();
        var inside = await Owner.LogAboutAsync(subject, "inside");
        var recordedAt = (await Owner.EventAsync(inside)).GetProperty("recordedAt").GetDateTimeOffset();
        await Owner.PlaceHoldAsync(new { from = recordedAt.AddSeconds(-1).ToString("O"), to = recordedAt.AddMilliseconds(1).ToString("O"), reason = "Audit window" });
        using (server.Factory.Clock.Advance(TimeSpan.FromMinutes(5)))
        {
            var outside = await Owner.LogAboutAsync(subject, "outside");
            var data = await Owner.EraseSubjectOkAsync(subject);
            Assert.Equal(1, data.GetProperty("eventsErased").GetInt64());
            Assert.Equal(inside, Assert.Single(data.GetProperty("heldBack").EnumerateArray()).GetProperty("eventId").GetString());
            Assert.Equal(3, (await Owner.EventAsync(outside)).ErasedFields().Length);
        }
    }

    [Fact]
    public async Task PlacingAndReleasingAHoldAreLedgerEventsWithoutTheRawSubject()
    {
        var subject = PrivacyAccess.NewSubject();
        var hold = await Owner.PlaceHoldAsync(new { subjectId = subject, reason = "Regulator request" });
        using var release = await Owner.DeleteAsync($"/api/compliance/legal-holds/{hold.GetProperty("id").GetString()}");
        var released = (await Json.ReadAsync(release)).GetProperty("hold");

        var placedEvent = await Owner.EventAsync(hold.GetProperty("eventId").GetString()!);
        var releasedEvent = await Owner.EventAsync(released.GetProperty("eventId").GetString()!);
        Assert.Equal("legal_hold_placed", placedEvent.GetProperty("eventType").GetString());
        Assert.Equal("legal_hold_released", releasedEvent.GetProperty("eventType").GetString());
        Assert.Equal(hold.GetProperty("id").GetString(), releasedEvent.GetProperty("details").GetProperty("holdId").GetString());
        Assert.DoesNotContain(subject, placedEvent.GetRawText() + releasedEvent.GetRawText());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, released.GetProperty("releasedAt").ValueKind);

        var list = await Json.ReadAsync(await Owner.GetAsync("/api/compliance/legal-holds"));
        Assert.Contains(list.GetProperty("holds").EnumerateArray(), h => h.GetProperty("id").GetString() == hold.GetProperty("id").GetString());
        using var again = await Owner.DeleteAsync($"/api/compliance/legal-holds/{hold.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Theory]
    [InlineData("""{"subjectId":"usr_1"}""", "reason")]
    [InlineData("""{"reason":"no scope"}""", "subjectId")]
    [InlineData("""{"reason":"r","from":"2026-02-01T00:00:00Z","to":"2026-01-01T00:00:00Z"}""", "to")]
    [InlineData("""{"reason":"r","from":"yesterday"}""", "from")]
    public async Task ABadHoldIsAValidationProblemNamingTheField(string body, string field)
    {
        using var response = await Owner.PostAsync("/api/compliance/legal-holds", Json.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AnotherOrganisationCannotReleaseOurHold()
    {
        var hold = await Owner.PlaceHoldAsync(new { subjectId = PrivacyAccess.NewSubject(), reason = "Kept" });
        var stranger = server.Factory.Authorized((await TestAccounts.RegisterAsync(server.Factory.CreateClient())).Token);
        using var response = await stranger.DeleteAsync($"/api/compliance/legal-holds/{hold.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var summary = await Json.ReadAsync(await Owner.GetAsync("/api/compliance/summary"));
        Assert.True(summary.GetProperty("data").GetProperty("gdpr").GetProperty("activeLegalHolds").GetInt64() >= 1);
    }
}

public sealed class LegalHoldOnSqlite(SqliteServer server) : LegalHoldTests(server), IClassFixture<SqliteServer>;

public sealed class LegalHoldOnPostgres(PostgresServer server) : LegalHoldTests(server), IClassFixture<PostgresServer>;
