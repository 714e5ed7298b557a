using System.Net;
using System.Text;

namespace Mudbase.Server.Tests.Conformance;

public sealed class ContractSchemaCheckTests
{
    [Fact]
    public async Task AUserWhoseRoleIsOutsideTheOfficialEnumFailsTheCheck()
    {
        var check = await SendAsync("/api/users/me", """{ "user": { "_id": "usr_1", "role": "auditor" } }""");

        Assert.Contains(check.Failures, f => f.StartsWith("getCurrentUser 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHealthStatusInTheWrongCaseFailsTheCheckAndTheOfficialShapePasses()
    {
        var wrong = await SendAsync("/health", """{ "status": "Healthy" }""");
        var right = await SendAsync("/health", """{ "status": "healthy", "timestamp": "2026-12-03T10:00:00.000Z", "services": { "database": "healthy" }, "uptime": 5 }""");

        Assert.Single(wrong.Failures);
        Assert.Empty(right.Failures);
        Assert.Equal(1, right.Validated["healthCheck"]);
    }

    [Fact]
    public async Task ASuccessOnAStatusTheContractDoesNotDeclareFailsTheCheck()
    {
        var check = await SendAsync("/api/auth/login", """{ "message": "ok" }""", HttpStatusCode.Created);

        Assert.Contains(check.Failures, f => f.Contains("status 201 is not declared", StringComparison.Ordinal));
    }

    private static async Task<ContractSchemaCheck> SendAsync(string path, string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        var check = new ContractSchemaCheck(await OfficialClientGenerator.LoadContractAsync())
        {
            InnerHandler = new Canned(status, json),
        };
        using var client = new HttpClient(check) { BaseAddress = new Uri("http://localhost/") };
        var method = path == "/api/auth/login" ? HttpMethod.Post : HttpMethod.Get;
        using var response = await client.SendAsync(new HttpRequestMessage(method, path));
        Assert.Equal(json, await response.Content.ReadAsStringAsync());
        return check;
    }

    private sealed class Canned(HttpStatusCode status, string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
