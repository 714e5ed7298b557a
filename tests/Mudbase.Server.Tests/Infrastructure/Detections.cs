using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Reads the events detection rules recorded, and waits for them.</summary>
public static class Detections
{
    public static async Task<List<JsonElement>> ListAsync(HttpClient client)
    {
        var body = await Json.ReadAsync(await client.GetAsync("/api/compliance/security-events?actor=rules&order=asc&limit=500"));
        return body.GetProperty("events").EnumerateArray().ToList();
    }

    /// <summary>Waits until at least <paramref name="count"/> detections are recorded and returns them all.</summary>
    public static Task<List<JsonElement>> WaitForAsync(HttpClient client, int count, TimeSpan? timeout = null) =>
        WaitForAsync(client, _ => true, count, timeout);

    /// <summary>Waits until <paramref name="count"/> detections satisfy <paramref name="which"/>; returns those.</summary>
    public static async Task<List<JsonElement>> WaitForAsync(HttpClient client, Func<JsonElement, bool> which, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = (await ListAsync(client)).Where(which).ToList();
            if (found.Count >= count)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{found.Count} detections after the wait, expected {count}");
            await Task.Delay(50);
        }
    }

    public static string Detail(this JsonElement detection, string key) =>
        detection.GetProperty("details").GetProperty(key) is { ValueKind: JsonValueKind.String } text ? text.GetString()! : detection.GetProperty("details").GetProperty(key).GetRawText();

    public static async Task<JsonElement> CreateRuleAsync(HttpClient client, object rule)
    {
        using var response = await client.PostAsJsonAsync("/api/compliance/rules", rule);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("rule");
    }

    public static async Task<long> LogSequenceAsync(HttpClient client, string eventType, string severity, object details)
    {
        var id = await client.LogAsync(new { eventType, severity, details });
        var body = await Json.ReadAsync(await client.GetAsync($"/api/compliance/security-events/{id}"));
        return body.GetProperty("event").GetProperty("sequence").GetInt64();
    }
}
