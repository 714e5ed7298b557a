using System.Text.Json;
using Mudbase.Ledger;
using Mudbase.Ledger.Evidence;

namespace Mudbase.Server.Tests.Infrastructure;

public static class LedgerClient
{
    public static async Task<string> LogAsync(this HttpClient client, object body)
    {
        using var response = await client.PostEventAsync(body);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("eventId").GetString()!;
    }

    public static async Task<List<string>> LogManyAsync(this HttpClient client, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
            ids.Add(await client.LogAsync(new { eventType = "suspicious_api_activity", severity = "medium", details = new { userId = $"usr_{i}", reason = $"probe {i}", attempt = i } }));
        return ids;
    }

    public static async Task<NoteVerifier> PublicKeyAsync(this HttpClient client)
    {
        var body = await Json.ReadAsync(await client.GetAsync("/api/compliance/ledger/public-key"));
        return NoteVerifier.Parse(body.GetProperty("verifierKey").GetString()!);
    }

    public static async Task<EvidenceReport> ExportAndVerifyAsync(this HttpClient client, NoteVerifier key, string query = "")
    {
        using var response = await client.GetAsync("/api/compliance/security-events/export?format=evidence" + query);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return EvidenceVerifier.Verify(new MemoryStream(bytes), key, null);
    }

    public static IReadOnlyList<byte[]> Hashes(JsonElement array) =>
        array.EnumerateArray().Select(e => Convert.FromBase64String(e.GetString()!)).ToList();
}
