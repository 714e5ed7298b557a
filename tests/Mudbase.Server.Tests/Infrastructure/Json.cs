using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mudbase.Server.Tests.Infrastructure;

public static class Json
{
    public const string SeedExample = """
        {
          "eventType": "unauthorized_access_attempt",
          "severity": "high",
          "details": {
            "userId": "usr_3HjF6SCqdOmxz6",
            "resource": "alarm program",
            "ipAddress": "2667 Beryl Passage",
            "userAgent": "monitor compress",
            "action": "feed index",
            "reason": "driver navigate"
          }
        }
        """;

    public static StringContent Body(string json, string contentType = "application/json") =>
        new(json, Encoding.UTF8, contentType);

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return document.RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostEventAsync(this HttpClient client, string json) =>
        client.PostAsync("/api/compliance/security-event", Body(json));

    public static Task<HttpResponseMessage> PostEventAsync(this HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/compliance/security-event", body);
}
