using System.Net;
using System.Text;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>The check every test client carries fails a request whose response the server's own document does not declare.</summary>
public sealed class OwnDocumentCheckTests
{
    [Fact]
    public async Task AStatusTheOperationDoesNotDeclareFailsTheRequestNamingOperationAndStatus()
    {
        var error = await Assert.ThrowsAsync<UndocumentedResponseException>(() =>
            SendAsync(HttpMethod.Get, "/api/users/me", (HttpStatusCode)418, """{ "success": true }"""));

        Assert.StartsWith("getCurrentUser answered 418, which it does not declare", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyThatBreaksTheDeclaredSchemaFailsTheRequestNamingTheFirstSchemaError()
    {
        var error = await Assert.ThrowsAsync<UndocumentedResponseException>(() =>
            SendAsync(HttpMethod.Get, "/api/compliance/ledger/public-key", HttpStatusCode.OK, """{ "success": "yes" }"""));

        Assert.StartsWith("getComplianceLedgerPublicKey answered 200 with a body that does not validate: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnApiPathThatIsNoOperationOfTheDocumentFailsUnlessRoutingRefusedIt()
    {
        var error = await Assert.ThrowsAsync<UndocumentedResponseException>(() =>
            SendAsync(HttpMethod.Get, "/api/webhooks", HttpStatusCode.OK, "[]"));

        Assert.Contains("GET /api/webhooks answered 200, but the document has no such operation", error.Message, StringComparison.Ordinal);
        await SendAsync(HttpMethod.Get, "/api/webhooks", HttpStatusCode.NotFound, """{ "code": "NOT_FOUND" }""");
    }

    [Fact]
    public async Task ADeclaredResponseAndPathsOutsideTheApiPass()
    {
        const string health = """{ "status": "healthy", "timestamp": "2026-12-03T10:00:00.000Z", "version": "1.0.0", "uptime": 5, "services": { "database": "healthy" }, "checks": {} }""";

        Assert.Equal(health, await SendAsync(HttpMethod.Get, "/health", HttpStatusCode.OK, health));
        Assert.Equal("<html/>", await SendAsync(HttpMethod.Get, "/index.html", (HttpStatusCode)418, "<html/>"));
    }

    private static async Task<string> SendAsync(HttpMethod method, string path, HttpStatusCode status, string body)
    {
        using var client = new HttpClient(new OwnDocumentCheck { InnerHandler = new Canned(status, body) }) { BaseAddress = new Uri("http://localhost/") };
        using var response = await client.SendAsync(new HttpRequestMessage(method, path));
        return await response.Content.ReadAsStringAsync();
    }

    private sealed class Canned(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
