using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

public abstract class WebhookDeliveryTests(WebhookServer server)
{
    private static object Event(int i, string severity = "high", string type = "unauthorized_access_attempt") =>
        new { eventType = type, severity, details = new { userId = $"usr_{i}", ipAddress = "10.1.2.3" } };

    [Fact]
    public async Task RecordedEventsArriveSignedInSequenceOrderWithTheirLeafHash()
    {
        var owner = await server.NewOrgAsync();
        await using var receiver = new WebhookReceiver();
        var (id, secret) = await owner.CreateWebhookAsync(new { url = receiver.Url, description = "incident channel" });
        Assert.StartsWith("whk_", id);
        Assert.StartsWith("whsec_", secret);

        var eventIds = new List<string>();
        for (var i = 0; i < 5; i++)
            eventIds.Add(await owner.LogAsync(Event(i)));

        var received = await receiver.WaitForAcceptedAsync(5);
        Assert.All(received, message => Assert.True(message.IsSignedWith(secret!), "signature does not verify"));
        Assert.All(received, message => Assert.True(message.PassesStandardWebhooksVerification(secret!), "the StandardWebhooks package refuses it"));
        Assert.Equal(eventIds, received.Select(m => m.Json.GetProperty("data").GetProperty("event").GetProperty("eventId").GetString()));
        Assert.Equal(eventIds, received.Select(m => m.Id));
        var sequences = received.Select(m => m.Sequence).ToList();
        Assert.Equal(Enumerable.Range((int)sequences[0], 5).Select(s => (long)s), sequences);
        foreach (var message in received)
        {
            var stored = await owner.EventAsync(message.Id);
            Assert.Equal(stored.GetProperty("leafHash").GetString(), message.Json.GetProperty("data").GetProperty("leafHash").GetString());
            Assert.Equal("security_event.recorded", message.Json.GetProperty("type").GetString());
        }
        Assert.False((await owner.WebhookAsync(id)).TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task AReceiverDownForAWhileGetsEverythingInOrderOnceItIsBack()
    {
        var owner = await server.NewOrgAsync();
        await using var receiver = new WebhookReceiver { Status = 503 };
        var (id, _) = await owner.CreateWebhookAsync(new { url = receiver.Url });
        var eventIds = new List<string>();
        for (var i = 0; i < 8; i++)
            eventIds.Add(await owner.LogAsync(Event(i)));

        await WebhookClient.EventuallyAsync(async () => (await owner.ListAsync(id, "attempts", "attempts")).Length >= 2, "failed attempts");
        var failed = await owner.ListAsync(id, "attempts", "attempts");
        Assert.All(failed, a => Assert.Equal(503, a.GetProperty("statusCode").GetInt32()));
        Assert.All(failed, a => Assert.Equal("answered 503", a.GetProperty("responseExcerpt").GetString()));
        var waiting = await owner.WebhookAsync(id);
        Assert.True(waiting.GetProperty("pendingAttempts").GetInt32() >= 1);
        Assert.Equal("HTTP 503", waiting.GetProperty("lastError").GetString());

        receiver.Status = 200;
        await receiver.WaitForAcceptedAsync(8);
        // Nothing is skipped and nothing overtakes: the first delivery of each event comes in log order.
        Assert.Equal(eventIds, receiver.Accepted.Select(m => m.Id).Distinct());
        // Every attempt before the receiver came back was for the first event: later ones waited their turn.
        Assert.All(receiver.Requests.Where(r => r.Status == 503), r => Assert.Equal(eventIds[0], r.Id));
        await WebhookClient.EventuallyAsync(async () => (await owner.WebhookAsync(id)).GetProperty("pendingAttempts").GetInt32() == 0, "retry state cleared");
    }

    [Fact]
    public async Task FiltersOnTypeMinimumSeverityAndDetailValuesSelectWhatIsDelivered()
    {
        var owner = await server.NewOrgAsync();
        await using var receiver = new WebhookReceiver();
        await owner.CreateWebhookAsync(new
        {
            url = receiver.Url,
            eventTypes = new[] { "unauthorized_access_attempt", "mfa_bypass_attempt" },
            minSeverity = "high",
            detailMatch = new { ipAddress = "10.1.2.3" },
        });
        await owner.LogAsync(Event(1, severity: "medium"));
        await owner.LogAsync(Event(2, type: "bulk_data_export"));
        await owner.LogAsync(new { eventType = "mfa_bypass_attempt", severity = "critical", details = new { ipAddress = "192.0.2.9" } });
        var wanted = await owner.LogAsync(Event(3, severity: "critical", type: "mfa_bypass_attempt"));
        var last = await owner.LogAsync(Event(4));

        var received = await receiver.WaitForAcceptedAsync(2);
        Assert.Equal([wanted, last], received.Select(m => m.Id));
    }

    [Fact]
    public async Task ADisabledWebhookHoldsItsEventsAndDeliversThemOnceEnabledAgain()
    {
        var owner = await server.NewOrgAsync();
        await using var receiver = new WebhookReceiver();
        var (id, _) = await owner.CreateWebhookAsync(new { url = receiver.Url, enabled = false });
        var held = await owner.LogAsync(Event(1));
        await Task.Delay(500);
        Assert.Empty(receiver.Requests);

        using var patch = await owner.PatchAsJsonAsync($"{WebhookClient.Route}/{id}", new { enabled = true, description = "back on" });
        var webhook = (await Json.ReadAsync(patch)).GetProperty("webhook");
        Assert.True(webhook.GetProperty("enabled").GetBoolean());
        Assert.Equal("back on", webhook.GetProperty("description").GetString());

        Assert.Equal(held, Assert.Single(await receiver.WaitForAcceptedAsync(1)).Id);
    }

    [Fact]
    public async Task ATestMessageIsSignedAndItsAttemptIsRecorded()
    {
        var owner = await server.NewOrgAsync();
        await using var receiver = new WebhookReceiver { Status = 202 };
        var (id, secret) = await owner.CreateWebhookAsync(new { url = receiver.Url });

        using var response = await owner.PostAsync($"{WebhookClient.Route}/{id}/test", null);
        var attempt = (await Json.ReadAsync(response)).GetProperty("attempt");

        Assert.True(attempt.GetProperty("succeeded").GetBoolean());
        Assert.Equal(202, attempt.GetProperty("statusCode").GetInt32());
        var message = Assert.Single(receiver.Requests);
        Assert.True(message.IsSignedWith(secret!));
        Assert.Equal("webhook.test", message.Json.GetProperty("type").GetString());
        Assert.Equal(attempt.GetProperty("id").GetString(), Assert.Single(await owner.ListAsync(id, "attempts", "attempts")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task DuringTheOverlapARotatedWebhookIsSignedWithTheNewAndThePreviousSecret()
    {
        var owner = await server.NewOrgAsync();
        await using var receiver = new WebhookReceiver();
        var (id, previous) = await owner.CreateWebhookAsync(new { url = receiver.Url });

        using var rotation = await owner.PostAsJsonAsync($"{WebhookClient.Route}/{id}/rotate-secret", new { overlapHours = 1 });
        var secret = (await Json.ReadAsync(rotation)).GetProperty("secret").GetString()!;
        using (await owner.PostAsync($"{WebhookClient.Route}/{id}/test", null)) { }
        using var ended = await owner.PostAsJsonAsync($"{WebhookClient.Route}/{id}/rotate-secret", new { overlapHours = 0 });
        var latest = (await Json.ReadAsync(ended)).GetProperty("secret").GetString()!;
        using (await owner.PostAsync($"{WebhookClient.Route}/{id}/test", null)) { }

        var messages = receiver.Requests.ToArray();
        Assert.NotEqual(previous, secret);
        Assert.True(messages[0].IsSignedWith(secret) && messages[0].IsSignedWith(previous!));
        Assert.True(messages[1].IsSignedWith(latest));
        Assert.True(messages[0].PassesStandardWebhooksVerification(previous!) && messages[0].PassesStandardWebhooksVerification(secret));
        Assert.False(messages[1].PassesStandardWebhooksVerification(previous!));
        Assert.False(messages[1].IsSignedWith(secret));
    }

    [Fact]
    public async Task AnEventFailingForTheWholeRetryPeriodIsDeadLetteredAndCanBeReplayed()
    {
        var owner = await server.NewOrgAsync();
        await using var receiver = new WebhookReceiver { Status = 500 };
        var (id, _) = await owner.CreateWebhookAsync(new { url = receiver.Url });
        var eventId = await owner.LogAsync(Event(1));
        await WebhookClient.EventuallyAsync(async () => (await owner.ListAsync(id, "attempts", "attempts")).Length >= 1, "a first attempt");
        Assert.Empty(await owner.ListAsync(id, "dead-letters", "deadLetters"));

        using (server.Factory.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1)))
        {
            await WebhookClient.EventuallyAsync(async () => (await owner.ListAsync(id, "dead-letters", "deadLetters")).Length == 1, "the dead letter");
            var webhook = await owner.WebhookAsync(id);
            Assert.Equal("failing", webhook.GetProperty("status").GetString());
            var letter = Assert.Single(await owner.ListAsync(id, "dead-letters", "deadLetters"));
            Assert.Equal(eventId, letter.GetProperty("eventId").GetString());
            Assert.True(letter.GetProperty("attempts").GetInt32() >= 2);

            receiver.Status = 200;
            using var replay = await owner.PostAsync($"{WebhookClient.Route}/{id}/dead-letters/replay", null);
            var result = await Json.ReadAsync(replay);
            Assert.Equal(1, result.GetProperty("delivered").GetInt32());
            Assert.Empty(await owner.ListAsync(id, "dead-letters", "deadLetters"));
            Assert.Equal(eventId, Assert.Single(receiver.Accepted).Id);

            // A delivery that succeeds again takes the subscription out of the failing state.
            await owner.LogAsync(Event(2));
            await receiver.WaitForAcceptedAsync(2);
            await WebhookClient.EventuallyAsync(async () => (await owner.WebhookAsync(id)).GetProperty("status").GetString() == "active", "active again");
        }
    }

    [Fact]
    public async Task ARedirectIsNotFollowedAndCountsAsAFailure()
    {
        var owner = await server.NewOrgAsync();
        await using var receiver = new WebhookReceiver { Status = 307 };
        var (id, _) = await owner.CreateWebhookAsync(new { url = receiver.Url });
        using var response = await owner.PostAsync($"{WebhookClient.Route}/{id}/test", null);
        var attempt = (await Json.ReadAsync(response)).GetProperty("attempt");
        Assert.False(attempt.GetProperty("succeeded").GetBoolean());
        Assert.Equal("redirects are not followed", attempt.GetProperty("error").GetString());
        Assert.Single(receiver.Requests);
    }

    [Theory]
    [InlineData("""{"description":"no url"}""", "url")]
    [InlineData("""{"url":"ftp://example.com/x"}""", "url")]
    [InlineData("""{"url":"http://example.com/hook"}""", "url")]
    [InlineData("""{"url":"https://example.com/hook","minSeverity":"extreme"}""", "minSeverity")]
    [InlineData("""{"url":"https://example.com/hook","eventTypes":["Not A Slug"]}""", "eventTypes")]
    [InlineData("""{"url":"https://example.com/hook","detailMatch":{"userId":{"nested":true}}}""", "detailMatch")]
    [InlineData("""{"url":"https://example.com/hook","format":"cef"}""", "url")]
    [InlineData("""{"url":"syslog://example.com/"}""", "url")]
    [InlineData("""{"url":"https://example.com/hook","colour":"red"}""", "colour")]
    [InlineData("""[1,2]""", "body")]
    public async Task AnInvalidSubscriptionIsAValidationProblemNamingTheField(string body, string field)
    {
        using var response = await server.OwnerClient.PostAsync(WebhookClient.Route, Json.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AnotherOrganisationsWebhookIsNotFound()
    {
        await using var receiver = new WebhookReceiver();
        var (id, _) = await server.OwnerClient.CreateWebhookAsync(new { url = receiver.Url });
        var stranger = await server.NewOrgAsync();
        using var get = await stranger.GetAsync($"{WebhookClient.Route}/{id}");
        using var test = await stranger.PostAsync($"{WebhookClient.Route}/{id}/test", null);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, test.StatusCode);
        Assert.Empty(receiver.Requests);
    }
}

public sealed class WebhookDeliveryOnSqlite(SqliteWebhookServer server) : WebhookDeliveryTests(server), IClassFixture<SqliteWebhookServer>;

public sealed class WebhookDeliveryOnPostgres(PostgresWebhookServer server) : WebhookDeliveryTests(server), IClassFixture<PostgresWebhookServer>;
