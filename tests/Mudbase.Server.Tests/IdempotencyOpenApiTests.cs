using System.Net;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public sealed class IdempotencyOpenApiTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Theory]
    [InlineData("/api/compliance/security-event")]
    [InlineData("/api/compliance/security-events/batch")]
    public async Task BothWriteOperationsDocumentTheIdempotencyKeyHeaderAndItsAnswers(string path)
    {
        using var response = await server.Factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var operation = (await Json.ReadAsync(response)).GetProperty("paths").GetProperty(path).GetProperty("post");

        var header = Assert.Single(operation.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal("header", header.GetProperty("in").GetString());
        Assert.False(header.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Contains("IDEMPOTENCY_KEY_MISMATCH", header.GetProperty("description").GetString());
        var responses = operation.GetProperty("responses");
        Assert.True(responses.TryGetProperty("409", out var conflict) && conflict.GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.TryGetProperty("422", out _));
    }
}
