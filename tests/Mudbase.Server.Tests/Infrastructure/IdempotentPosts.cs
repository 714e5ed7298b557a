namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Posting writes with an <c>Idempotency-Key</c> header.</summary>
public static class IdempotentPosts
{
    public const string EventPath = "/api/compliance/security-event";
    public const string BatchPath = "/api/compliance/security-events/batch";

    public static Task<HttpResponseMessage> PostWithKeyAsync(this HttpClient client, string path, string json, params string[] keys)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json.Body(json) };
        foreach (var key in keys)
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static string NewKey() => $"\"{Guid.NewGuid()}\"";
}
