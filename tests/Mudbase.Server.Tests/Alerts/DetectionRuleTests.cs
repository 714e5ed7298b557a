using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

public abstract class DetectionRuleTests(StorageKind storage)
{
    private static readonly Dictionary<string, string?> FastRules = new()
    {
        ["Mudbase:Rules:Evaluate"] = "true",
        ["Mudbase:Rules:MinIntervalMilliseconds"] = "0",
        ["Mudbase:Rules:PollMilliseconds"] = "100",
    };

    [Fact]
    public async Task ANewOrganisationHasTheFourBuiltInRules()
    {
        await using var server = new MudbaseFactory(storage, FastRules);
        var client = await OwnerAsync(server);

        var rules = (await Json.ReadAsync(await client.GetAsync("/api/compliance/rules"))).GetProperty("rules").EnumerateArray().ToList();

        Assert.Equal(["repeated-unauthorized-access", "bulk-export-outside-hours", "admin-privilege-escalation", "mfa-bypass-attempt"],
            rules.Select(r => r.GetProperty("builtIn").GetString()));
        Assert.All(rules, r => Assert.StartsWith("rul_", r.GetProperty("id").GetString()));
        Assert.Equal("ipAddress", rules[0].GetProperty("groupBy").GetString());
        Assert.Equal(5, rules[0].GetProperty("threshold").GetInt32());
    }

    [Fact]
    public async Task RepeatedUnauthorizedAccessFromOneAddressIsDetectedOncePerWindowWithTheTriggeringSequences()
    {
        await using var server = new MudbaseFactory(storage, FastRules);
        var client = await OwnerAsync(server);
        var fromA = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            fromA.Add(await Unauthorized(client, "10.0.0.1"));
            await Unauthorized(client, "10.0.0.2");
        }
        fromA.Add(await Unauthorized(client, "10.0.0.1"));

        var first = Assert.Single(await Detections.WaitForAsync(client, 1));
        Assert.Equal("suspicious_api_activity", first.GetProperty("eventType").GetString());
        Assert.Equal("high", first.GetProperty("severity").GetString());
        Assert.Equal("rules", first.GetProperty("actor").GetString());
        Assert.Equal(string.Join(',', fromA), first.Detail("triggeringSequences"));
        Assert.Equal("10.0.0.1", first.Detail("ipAddress"));
        Assert.Equal("5", first.Detail("count"));

        // Within the same window the group stays quiet however many more arrive.
        for (var i = 0; i < 6; i++)
            await Unauthorized(client, "10.0.0.1");
        await Barrier(client, 2);
        // A window later the same address fires again.
        using var later = server.Clock.Advance(TimeSpan.FromMinutes(6));
        for (var i = 0; i < 5; i++)
            await Unauthorized(client, "10.0.0.1");
        var all = await Detections.WaitForAsync(client, 3);

        Assert.Equal(3, all.Count);
        Assert.Equal("10.0.0.1", all[2].Detail("ipAddress"));
        Assert.Equal(5, all[2].Detail("triggeringSequences").Split(',').Length);
    }

    [Fact]
    public async Task TheWindowSlidesOnTheEventsRecordedTimes()
    {
        await using var server = new MudbaseFactory(storage, FastRules);
        var client = await OwnerAsync(server);
        var rule = await Detections.CreateRuleAsync(client, new
        {
            name = "Three exports per user in a minute",
            match = new { eventTypes = new[] { "bulk_data_export" }, minSeverity = "medium" },
            groupBy = "userId",
            threshold = 3,
            windowSeconds = 60,
            emit = new { eventType = "data_exfiltration_suspected", severity = "critical" },
        });

        var sequences = new List<long>();
        foreach (var seconds in new[] { 0, 50, 100, 105 })
        {
            using (server.Clock.Advance(TimeSpan.FromSeconds(seconds)))
                sequences.Add(await Detections.LogSequenceAsync(client, "bulk_data_export", "high", new { userId = "usr_x" }));
        }
        await Detections.LogSequenceAsync(client, "bulk_data_export", "low", new { userId = "usr_x" });

        // The built-in rule on exports outside working hours may also fire, depending on the time of day the test runs.
        var ruleId = rule.GetProperty("id").GetString();
        var detections = await Detections.WaitForAsync(client, d => d.Detail("ruleId") == ruleId, 1);
        var detection = Assert.Single(detections);
        Assert.Equal("data_exfiltration_suspected", detection.GetProperty("eventType").GetString());
        Assert.Equal("critical", detection.GetProperty("severity").GetString());
        Assert.Equal(string.Join(',', sequences.Skip(1)), detection.Detail("triggeringSequences"));
        Assert.Equal("usr_x", detection.Detail("userId"));
    }

    [Fact]
    public async Task ABulkExportIsDetectedOnlyOutsideWorkingHours()
    {
        await using var server = new MudbaseFactory(storage, FastRules);
        var client = await OwnerAsync(server);

        using (server.Clock.Advance(Until(DayOfWeek.Wednesday, 12)))
            await Detections.LogSequenceAsync(client, "bulk_data_export", "low", new { userId = "usr_day" });
        long night;
        using (server.Clock.Advance(Until(DayOfWeek.Wednesday, 22)))
            night = await Detections.LogSequenceAsync(client, "bulk_data_export", "low", new { userId = "usr_night" });
        long weekend;
        using (server.Clock.Advance(Until(DayOfWeek.Saturday, 11)))
            weekend = await Detections.LogSequenceAsync(client, "bulk_data_export", "low", new { userId = "usr_weekend" });

        var detections = await Barrier(client, 3);
        var exports = detections.Where(d => d.Detail("rule") == "Bulk data export outside working hours").ToList();
        Assert.Equal([night.ToString(), weekend.ToString()], exports.Select(d => d.Detail("triggeringSequences")));
    }

    [Fact]
    public async Task PrivilegeEscalationAndMfaBypassAreEachDetected()
    {
        await using var server = new MudbaseFactory(storage, FastRules);
        var client = await OwnerAsync(server);

        var escalation = await Detections.LogSequenceAsync(client, "admin_privilege_escalation", "high", new { userId = "usr_e" });
        var bypass = await Detections.LogSequenceAsync(client, "mfa_bypass_attempt", "medium", new { userId = "usr_m" });

        var detections = await Detections.WaitForAsync(client, 2);
        Assert.Equal([escalation.ToString(), bypass.ToString()], detections.Select(d => d.Detail("triggeringSequences")));
        Assert.Equal(["critical", "high"], detections.Select(d => d.GetProperty("severity").GetString()));
    }

    [Fact]
    public async Task DetectionsAreNeverEvaluatedAgainSoRulesCannotLoop()
    {
        await using var server = new MudbaseFactory(storage, FastRules);
        var client = await OwnerAsync(server);
        var echo = await Detections.CreateRuleAsync(client, new
        {
            name = "Any suspicious activity",
            match = new { eventTypes = new[] { "suspicious_api_activity" } },
            threshold = 1,
            windowSeconds = 1,
            emit = new { eventType = "suspicious_api_activity", severity = "low" },
        });

        await Detections.LogSequenceAsync(client, "admin_privilege_escalation", "high", new { userId = "usr_e" });
        await Detections.WaitForAsync(client, 1);
        var caller = await Detections.LogSequenceAsync(client, "suspicious_api_activity", "low", new { userId = "usr_c" });
        var detections = await Detections.WaitForAsync(client, 2);
        await Task.Delay(500);

        Assert.Equal(2, (await Detections.ListAsync(client)).Count);
        Assert.Equal(caller.ToString(), detections[1].Detail("triggeringSequences"));
        Assert.Equal(echo.GetProperty("id").GetString(), detections[1].Detail("ruleId"));
    }

    [Fact]
    public async Task ADisabledRuleDoesNotFireAndADeletedBuiltInDoesNotComeBack()
    {
        await using var server = new MudbaseFactory(storage, FastRules);
        var client = await OwnerAsync(server);
        var rules = (await Json.ReadAsync(await client.GetAsync("/api/compliance/rules"))).GetProperty("rules").EnumerateArray().ToList();
        var mfa = rules.Single(r => r.GetProperty("builtIn").GetString() == "mfa-bypass-attempt").GetProperty("id").GetString();
        var escalation = rules.Single(r => r.GetProperty("builtIn").GetString() == "admin-privilege-escalation").GetProperty("id").GetString();

        using (var patch = await client.PatchAsJsonAsync($"/api/compliance/rules/{mfa}", new { enabled = false, threshold = 2 }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            var changed = (await Json.ReadAsync(patch)).GetProperty("rule");
            Assert.False(changed.GetProperty("enabled").GetBoolean());
            Assert.Equal(2, changed.GetProperty("threshold").GetInt32());
            Assert.Equal("userId", changed.GetProperty("groupBy").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/compliance/rules/{escalation}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/compliance/rules/{escalation}")).StatusCode);
        await Detections.LogSequenceAsync(client, "mfa_bypass_attempt", "high", new { userId = "usr_m" });
        await Detections.LogSequenceAsync(client, "admin_privilege_escalation", "high", new { userId = "usr_e" });
        long marker;
        using (server.Clock.Advance(Until(DayOfWeek.Sunday, 3)))
            marker = await Detections.LogSequenceAsync(client, "bulk_data_export", "low", new { userId = "usr_b" });

        var detection = Assert.Single(await Detections.WaitForAsync(client, 1));
        await Task.Delay(300);
        Assert.Single(await Detections.ListAsync(client));
        Assert.Equal(marker.ToString(), detection.Detail("triggeringSequences"));
        var after = (await Json.ReadAsync(await client.GetAsync("/api/compliance/rules"))).GetProperty("rules");
        Assert.Equal(3, after.GetArrayLength());
    }

    [Theory]
    [InlineData("""{"name":"x","match":{},"threshold":0,"windowSeconds":60,"emit":{"severity":"high"}}""", "threshold")]
    [InlineData("""{"name":"x","match":{},"threshold":1,"windowSeconds":0,"emit":{"severity":"high"}}""", "windowSeconds")]
    [InlineData("""{"name":"x","match":{},"threshold":1,"windowSeconds":60,"emit":{"severity":"urgent"}}""", "emit.severity")]
    [InlineData("""{"name":"x","match":{},"threshold":1,"windowSeconds":60,"emit":{"eventType":"Bad Type","severity":"high"}}""", "emit.eventType")]
    [InlineData("""{"name":"x","match":{"eventTypes":["NOPE"]},"threshold":1,"windowSeconds":60,"emit":{"severity":"high"}}""", "match.eventTypes")]
    [InlineData("""{"name":"x","match":{"minSeverity":"huge"},"threshold":1,"windowSeconds":60,"emit":{"severity":"high"}}""", "match.minSeverity")]
    [InlineData("""{"name":"x","match":{"outsideWorkingHours":{"startHour":18,"endHour":8,"timeZone":"UTC"}},"threshold":1,"windowSeconds":60,"emit":{"severity":"high"}}""", "match.outsideWorkingHours")]
    [InlineData("""{"name":"x","match":{"outsideWorkingHours":{"startHour":8,"endHour":18,"timeZone":"Mars/Olympus"}},"threshold":1,"windowSeconds":60,"emit":{"severity":"high"}}""", "match.outsideWorkingHours.timeZone")]
    [InlineData("""{"name":"x","match":{},"groupBy":"not a key","threshold":1,"windowSeconds":60,"emit":{"severity":"high"}}""", "groupBy")]
    [InlineData("""{"name":"x","match":{},"threshold":"five","windowSeconds":60,"emit":{"severity":"high"}}""", "threshold")]
    [InlineData("""{"match":{},"threshold":1,"windowSeconds":60,"emit":{"severity":"high"}}""", "name")]
    [InlineData("""[1]""", "body")]
    public async Task AnInvalidRuleIsAValidationProblemNamingTheField(string body, string field)
    {
        await using var server = new MudbaseFactory(storage, FastRules);
        var client = await OwnerAsync(server);

        using var response = await client.PostAsync("/api/compliance/rules", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("VALIDATION_ERROR", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("details").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task AnotherOrganisationsRuleIsNotFound()
    {
        await using var server = new MudbaseFactory(storage, FastRules);
        var client = await OwnerAsync(server);
        var stranger = await OwnerAsync(server);
        var id = (await Json.ReadAsync(await client.GetAsync("/api/compliance/rules"))).GetProperty("rules")[0].GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/compliance/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PatchAsJsonAsync($"/api/compliance/rules/{id}", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/compliance/rules/{id}")).StatusCode);
    }

    [Fact]
    public async Task WindowStateSurvivesARestartAndACrashBeforeTheCursorIsSavedRecordsNoDetectionTwice()
    {
        var first = new MudbaseFactory(storage, FastRules) { KeepData = true };
        var owner = await TestAccounts.RegisterAsync(first.CreateClient());
        var client = first.Authorized(owner.Token);
        var sequences = new List<long>();
        for (var i = 0; i < 3; i++)
            sequences.Add(await Unauthorized(client, "192.0.2.7"));
        await Barrier(client, 1);
        await first.DisposeAsync();

        await using (var second = Restart(first, keepData: true))
        {
            var again = second.Authorized(owner.Token);
            for (var i = 0; i < 2; i++)
                sequences.Add(await Unauthorized(again, "192.0.2.7"));
            var detections = await Detections.WaitForAsync(again, 2);
            Assert.Equal(string.Join(',', sequences), detections[1].Detail("triggeringSequences"));
        }

        // As if the process died after recording the detections and before saving where it was. The stopped server gave
        // up its lease, so the next one continues at once rather than after the lease expires.
        await using (var database = await first.OpenDatabaseAsync())
            Assert.Equal(1, await database.ExecuteAsync("UPDATE rule_cursors SET last_seq = 0, state = '{}' WHERE lease_owner IS NULL"));
        await using var third = Restart(first, keepData: false);
        var client3 = third.Authorized(owner.Token);
        await Detections.LogSequenceAsync(client3, "mfa_bypass_attempt", "high", new { userId = "usr_after_crash" });
        var final = await Detections.WaitForAsync(client3, 3);
        await Task.Delay(300);

        Assert.Equal(3, (await Detections.ListAsync(client3)).Count);
        Assert.Equal("usr_after_crash", final[2].Detail("userId"));
        if (first.PostgresDatabase is { } used)
            await PostgresTestCluster.DropDatabaseAsync(used);
    }

    private MudbaseFactory Restart(MudbaseFactory previous, bool keepData)
    {
        var settings = new Dictionary<string, string?>(FastRules);
        if (previous.PostgresDatabase is { } database)
            settings["ConnectionStrings:Mudbase"] = database.ConnectionString;
        return new MudbaseFactory(storage, settings, dataDirectory: previous.DataDirectory) { KeepData = keepData };
    }

    /// <summary>Logs an escalation, which the built-in rule always detects, and waits for it: everything before is evaluated.</summary>
    private static async Task<List<JsonElement>> Barrier(HttpClient client, int expected)
    {
        var marker = await Detections.LogSequenceAsync(client, "admin_privilege_escalation", "low", new { userId = $"usr_{Guid.NewGuid():N}" });
        var all = await Detections.WaitForAsync(client, expected);
        Assert.Equal(marker.ToString(), all[^1].Detail("triggeringSequences"));
        Assert.Equal(expected, all.Count);
        return all;
    }

    private static Task<long> Unauthorized(HttpClient client, string ipAddress) =>
        Detections.LogSequenceAsync(client, "unauthorized_access_attempt", "medium", new { ipAddress, resource = "admin" });

    /// <summary>How far to move the clock to reach the next <paramref name="day"/> at <paramref name="hour"/>:00 UTC.</summary>
    private static TimeSpan Until(DayOfWeek day, int hour)
    {
        var now = DateTimeOffset.UtcNow;
        var target = new DateTimeOffset(now.Date, TimeSpan.Zero).AddHours(hour);
        while (target.DayOfWeek != day || target <= now)
            target = target.AddDays(1);
        return target - now;
    }

    private static async Task<HttpClient> OwnerAsync(MudbaseFactory server) =>
        server.Authorized((await TestAccounts.RegisterAsync(server.CreateClient())).Token);
}

public sealed class DetectionRulesOnSqlite() : DetectionRuleTests(StorageKind.Sqlite);

public sealed class DetectionRulesOnPostgres() : DetectionRuleTests(StorageKind.Postgres);
