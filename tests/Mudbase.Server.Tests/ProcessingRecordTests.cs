using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class ProcessingRecordTests(ServerFixture server)
{
    [Fact]
    public async Task CategoriesOfPersonalDataComeFromTheDetailKeysEventsCarryWithCountsAndDates()
    {
        var owner = await server.NewOwnerAsync();
        var client = server.Factory.Authorized(owner.Token);
        for (var i = 0; i < 3; i++)
            using (await client.PostAsync("/api/compliance/security-event", Json.Body(Json.SeedExample))) { }
        using (await client.PostAsJsonAsync("/api/compliance/security-event",
                   new { eventType = "login_seen", severity = "low", details = new { favouriteColour = "teal", userId = "usr_x" } })) { }

        using var response = await client.PostAsJsonAsync("/api/compliance/data-processing-record", new { orgId = owner.OrgId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        var record = body.GetProperty("record");
        Assert.Equal(record.GetRawText(), body.GetProperty("data").GetRawText());
        var logging = record.GetProperty("processingActivities")[0];
        var categories = logging.GetProperty("personalDataCategories").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!);
        Assert.Equal(4, categories["userId"].GetProperty("events").GetInt64());
        Assert.Equal(3, categories["ipAddress"].GetProperty("events").GetInt64());
        Assert.Equal("Online identifiers (IP address)", categories["ipAddress"].GetProperty("category").GetString());
        Assert.Equal(1, categories["favouriteColour"].GetProperty("events").GetInt64());
        Assert.StartsWith("Other event details", categories["favouriteColour"].GetProperty("category").GetString(), StringComparison.Ordinal);
        Assert.True(categories["userId"].GetProperty("firstSeen").GetDateTimeOffset() <= categories["userId"].GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal("indefinite", logging.GetProperty("retention").GetProperty("policy").GetString());
        var measures = record.GetProperty("securityMeasures").EnumerateArray().ToDictionary(m => m.GetProperty("measure").GetString()!);
        Assert.False(measures["Two-factor sign-in"].GetProperty("inForce").GetBoolean());
        Assert.False(measures["Encryption at rest"].GetProperty("inForce").GetBoolean());
        Assert.True(measures["Tamper-evident log"].GetProperty("inForce").GetBoolean());
        Assert.NotEmpty(record.GetProperty("dataSubjects").EnumerateArray());
    }

    [Fact]
    public async Task TheRecordStatesTheRetentionPolicyTheOrganisationHasSet()
    {
        var owner = await server.NewOwnerAsync();
        var client = server.Factory.Authorized(owner.Token);
        using (var set = await client.PutAsJsonAsync("/api/compliance/retention", new { retentionDays = 30 }))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        using var response = await client.PostAsJsonAsync("/api/compliance/data-processing-record", new { });

        var retention = (await Json.ReadAsync(response)).GetProperty("record").GetProperty("processingActivities")[0].GetProperty("retention");
        Assert.Equal("erase-details-after", retention.GetProperty("policy").GetString());
        Assert.Equal(30, retention.GetProperty("days").GetInt32());
    }

    [Fact]
    public async Task TheProcessingProfileIsEditedByAdminsAndAppearsInTheRecord()
    {
        var owner = await server.NewOwnerAsync();
        var client = server.Factory.Authorized(owner.Token);
        var auditor = server.Factory.Authorized((await server.JoinAsync("auditor", client)).Token);
        var profile = new
        {
            controller = new { name = "Northwind Ltd", email = "privacy@northwind.dev", address = "1 Harbour Road" },
            dataProtectionOfficer = new { name = "Dana Ortiz", email = "dpo@northwind.dev" },
            purposes = new[] { "Fraud detection" },
            recipients = new[] { "Acme SOC (processor)" },
            transfers = new[] { "None" },
        };

        using var byAuditor = await auditor.PutAsJsonAsync("/api/compliance/processing-profile", profile);
        using var bad = await client.PutAsJsonAsync("/api/compliance/processing-profile", new { purposes = "everything", controller = new { email = 5 } });
        using var put = await client.PutAsJsonAsync("/api/compliance/processing-profile", profile);
        using var read = await auditor.GetAsync("/api/compliance/processing-profile");
        using var record = await auditor.PostAsJsonAsync("/api/compliance/data-processing-record", new { recordDate = "2026-12-16 00:00:00+00:00" });

        Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var details = (await Json.ReadAsync(bad)).GetProperty("details");
        Assert.True(details.TryGetProperty("purposes", out _));
        Assert.True(details.TryGetProperty("controller.email", out _));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("Dana Ortiz", (await Json.ReadAsync(read)).GetProperty("profile").GetProperty("dataProtectionOfficer").GetProperty("name").GetString());
        var body = (await Json.ReadAsync(record)).GetProperty("record");
        Assert.Equal("Northwind Ltd", body.GetProperty("dataController").GetProperty("name").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 16, 0, 0, 0, TimeSpan.Zero), body.GetProperty("recordDate").GetDateTimeOffset());
        var logging = body.GetProperty("processingActivities")[0];
        Assert.Equal(["Fraud detection"], logging.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("Acme SOC (processor)", logging.GetProperty("recipients").EnumerateArray().Select(p => p.GetString()));
        Assert.Single(await server.EventsOfTypeAsync(owner.OrgId, "processing_profile_updated"));
    }

    [Fact]
    public async Task ABadRecordDateIsAValidationErrorAndAnotherOrganisationIsNotFound()
    {
        using var badDate = await server.OwnerClient.PostAsJsonAsync("/api/compliance/data-processing-record", new { recordDate = "soon" });
        using var other = await server.OwnerClient.PostAsJsonAsync("/api/compliance/data-processing-record", new { orgId = "org_notyours000000000000" });

        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.True((await Json.ReadAsync(badDate)).GetProperty("details").TryGetProperty("recordDate", out _));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}

public sealed class ProcessingRecordOnSqlite(SqliteServer server) : ProcessingRecordTests(server), IClassFixture<SqliteServer>;

public sealed class ProcessingRecordOnPostgres(PostgresServer server) : ProcessingRecordTests(server), IClassFixture<PostgresServer>;
