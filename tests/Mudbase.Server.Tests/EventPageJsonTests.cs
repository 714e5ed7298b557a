using System.Net;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// The event list writes its pages straight from the stored rows; each event in a page must be, byte for byte, the
/// event the single-event endpoint serialises from its view — escaping, timestamps, erased fields and all.
/// </summary>
public abstract class EventPageJsonTests(StorageKind storage)
{
    [Fact]
    public async Task EveryEventOfAPageIsByteForByteTheSingleEventAnswer()
    {
        await using var factory = new MudbaseFactory(storage);
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        var subject = PrivacyAccess.NewSubject();
        await owner.LogAboutAsync(subject, "erased");
        await owner.LogAsync(new
        {
            eventType = "bulk_data_export",
            severity = "critical",
            details = new
            {
                userId = "usr_<script>&'+\"",
                resource = "/files/é ü 中文 😀\t\n",
                attempt = 3,
                ratio = 0.25,
                large = 12345678901234.5e3,
                flag = false,
                confirmed = true,
            },
        });
        await owner.LogAsync(new { eventType = "vault_unsealed", severity = "low" });
        await owner.EraseSubjectOkAsync(subject);

        using var response = await owner.GetAsync("/api/compliance/security-events?limit=2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var page = await Json.ReadAsync(response);
        Assert.True(page.GetProperty("success").GetBoolean());
        Assert.Equal(JsonValueKind.String, page.GetProperty("nextCursor").ValueKind);
        var events = page.GetProperty("events").EnumerateArray().ToList();
        var rest = await ListAsync(owner, "limit=2&cursor=" + Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!));
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);
        events.AddRange(rest.GetProperty("events").EnumerateArray());

        Assert.True(events.Count >= 3);
        Assert.Contains(events, e => e.TryGetProperty("erasedFields", out _));
        foreach (var listed in events)
        {
            var single = await owner.EventAsync(listed.GetProperty("eventId").GetString()!);
            Assert.Equal(single.GetRawText(), listed.GetRawText());
        }
    }

    private static async Task<JsonElement> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/compliance/security-events?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync(response);
    }
}

public sealed class EventPageJsonOnSqlite() : EventPageJsonTests(StorageKind.Sqlite);

public sealed class EventPageJsonOnPostgres() : EventPageJsonTests(StorageKind.Postgres);
