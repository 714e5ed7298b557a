using System.Net.Http.Json;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>The reference carries a ready-to-send example for each two-factor, account and compliance-report request.</summary>
public sealed class StrongAuthOpenApiTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Theory]
    [InlineData("/api/auth/login/2fa", "post", "challengeToken")]
    [InlineData("/api/users/2fa/verify", "post", "token")]
    [InlineData("/api/users/2fa/disable", "post", "password")]
    [InlineData("/api/users/password", "patch", "newPassword")]
    [InlineData("/api/users/update", "patch", "firstName")]
    [InlineData("/api/org/mfa-policy", "put", "requireMfaForRoles")]
    [InlineData("/api/compliance/access-review", "post", "reviewPeriod")]
    [InlineData("/api/compliance/access-review/sign-off", "post", "decisions")]
    [InlineData("/api/compliance/data-processing-record", "post", "recordDate")]
    [InlineData("/api/compliance/processing-profile", "put", "dataProtectionOfficer")]
    public async Task EachRequestHasAnExampleWithItsKeyField(string path, string method, string field)
    {
        var document = await server.Factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var example = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.True(example.TryGetProperty(field, out _), $"{method} {path} example lacks {field}");
    }

    [Fact]
    public async Task TheAccessReviewExampleIsAcceptedAsItIs()
    {
        var document = await server.Factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var example = document.GetProperty("paths").GetProperty("/api/compliance/access-review").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("example");

        using var response = await server.OwnerClient.PostAsync("/api/compliance/access-review", Json.Body(example.GetRawText()));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
