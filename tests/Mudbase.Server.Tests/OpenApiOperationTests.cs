using System.Net;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>Our own document names every operation and says which credentials each one takes.</summary>
public sealed class OpenApiOperationTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task EveryOperationHasAUniqueOperationIdWithTheOfficialNameWhereThereIsOne()
    {
        var operations = await OperationsAsync();
        var ids = operations.Select(o => o.Operation.GetProperty("operationId").GetString()!).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("logSecurityEvent", Id(operations, "post", "/api/compliance/security-event"));
        Assert.Equal("loginUser", Id(operations, "post", "/api/auth/login"));
        Assert.Equal("getApiKeyUsage", Id(operations, "get", "/api/api-keys/{keyId}/usage"));
        Assert.Equal("getComplianceLedgerCheckpoint", Id(operations, "get", "/api/compliance/ledger/checkpoint"));
    }

    [Fact]
    public async Task PublicOperationsNeedNoCredentialsUserOnlyOnesABearerTokenAndTheRestEither()
    {
        var operations = await OperationsAsync();

        foreach (var (method, path) in new[] { ("post", "/api/auth/register"), ("post", "/api/auth/login"), ("post", "/api/auth/refresh"),
                     ("post", "/api/auth/accept-invite"), ("get", "/api/compliance/ledger/public-key") })
            Assert.Empty(Schemes(operations, method, path));
        Assert.Equal(["Bearer"], Schemes(operations, "post", "/api/api-keys"));
        Assert.Equal(["Bearer"], Schemes(operations, "get", "/api/orgs/{orgId}"));
        Assert.Equal(["ApiKey", "Bearer"], Schemes(operations, "post", "/api/compliance/security-event"));
        Assert.Equal(["ApiKey", "Bearer"], Schemes(operations, "get", "/api/compliance/security-events"));
    }

    private static string? Id(List<(string Method, string Path, JsonElement Operation)> operations, string method, string path) =>
        operations.Single(o => o.Method == method && o.Path == path).Operation.GetProperty("operationId").GetString();

    private static List<string> Schemes(List<(string Method, string Path, JsonElement Operation)> operations, string method, string path) =>
        operations.Single(o => o.Method == method && o.Path == path).Operation.GetProperty("security").EnumerateArray()
            .SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Order(StringComparer.Ordinal).ToList();

    private async Task<List<(string Method, string Path, JsonElement Operation)>> OperationsAsync()
    {
        using var response = await server.Factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Json.ReadAsync(response);
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (op.Name, path.Name, op.Value))).ToList();
    }
}
