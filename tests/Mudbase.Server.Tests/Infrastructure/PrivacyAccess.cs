using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>The data-subject endpoints through HTTP, for the privacy tests.</summary>
public static class PrivacyAccess
{
    public static Task<HttpResponseMessage> EraseSubjectAsync(this HttpClient client, string userId, object? body = null) =>
        client.PostAsJsonAsync($"/api/compliance/subjects/{Uri.EscapeDataString(userId)}/erase", body ?? new { confirm = "DELETE" });

    /// <summary>Erases (or dry-runs) the subject, expects 200, and returns the answer's data.</summary>
    public static async Task<JsonElement> EraseSubjectOkAsync(this HttpClient client, string userId, bool dryRun = false)
    {
        using var response = await client.EraseSubjectAsync(userId, dryRun ? new { dryRun = true } : new { confirm = "DELETE" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("data");
    }

    /// <summary>Logs an event about <paramref name="userId"/> carrying the three built-in personal keys and two others.</summary>
    public static Task<string> LogAboutAsync(this HttpClient client, string userId, string marker, object? extra = null) =>
        client.LogAsync(new
        {
            eventType = "unauthorized_access_attempt",
            severity = "high",
            details = extra ?? new
            {
                userId,
                ipAddress = $"ip-{marker}",
                userAgent = $"agent-{marker}",
                resource = "billing export",
                reason = $"reason-{marker}",
            },
        });

    public static async Task<JsonElement> EventAsync(this HttpClient client, string eventId)
    {
        using var response = await client.GetAsync($"/api/compliance/security-events/{eventId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("event");
    }

    public static string[] ErasedFields(this JsonElement view) =>
        view.TryGetProperty("erasedFields", out var erased) ? erased.EnumerateArray().Select(e => e.GetString()!).Order().ToArray() : [];

    public static async Task<JsonElement> PlaceHoldAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/compliance/legal-holds", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("hold");
    }

    public static string NewSubject() => $"usr_subject_{Guid.NewGuid():N}";
}
