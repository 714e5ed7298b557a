using System.Net;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>The published reference documents every endpoint well enough to try it from /docs.</summary>
public sealed class OpenApiDocumentTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task TheDocumentIsOpenApi31WithABearerScheme()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task EveryOperationHasASummaryAndEveryProtectedOneDocumentsItsErrors()
    {
        var document = await DocumentAsync();
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Method: op.Name, Operation: op.Value)))
            .ToList();

        Assert.Contains(operations, o => o.Path == "/api/compliance/security-event" && o.Method == "post");
        foreach (var (path, method, operation) in operations)
        {
            Assert.True(operation.TryGetProperty("summary", out _), $"{method} {path} has no summary");
            if (path.StartsWith("/api/compliance", StringComparison.Ordinal) && !path.EndsWith("public-key", StringComparison.Ordinal))
                Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{method} {path} does not document 401");
        }
    }

    [Fact]
    public async Task LoggingAnEventShowsTheDocsExampleAndJsCSharpAndCurlSnippets()
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/compliance/security-event").GetProperty("post");

        var example = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("2667 Beryl Passage", example.GetProperty("details").GetProperty("ipAddress").GetString());
        var samples = operation.GetProperty("x-codeSamples").EnumerateArray().ToList();
        Assert.Equal(["JavaScript", "C#", "Shell"], samples.Select(s => s.GetProperty("lang").GetString()));
        Assert.Contains("client.compliance.logSecurityEvent", samples[0].GetProperty("source").GetString());
        Assert.Contains("LogSecurityEventAsync", samples[1].GetProperty("source").GetString());
        Assert.Contains("curl", samples[2].GetProperty("source").GetString());
        Assert.True(operation.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Theory]
    [InlineData("/api/gdpr/erase", "post", "confirm")]
    [InlineData("/api/users/me/erase", "post", "currentPassword")]
    [InlineData("/api/compliance/subjects/{userId}/erase", "post", "dryRun")]
    [InlineData("/api/compliance/legal-holds", "post", "reason")]
    [InlineData("/api/compliance/retention", "put", "retentionDays")]
    public async Task EveryDataSubjectOperationWithABodyShowsARequestExample(string path, string method, string field)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);
        var example = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.True(example.TryGetProperty(field, out _), $"{method} {path} example lacks {field}");
        Assert.True(operation.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Fact]
    public async Task TheInteractiveReferenceIsServed()
    {
        using var response = await server.Factory.CreateClient().GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await server.Factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync(response);
    }
}
