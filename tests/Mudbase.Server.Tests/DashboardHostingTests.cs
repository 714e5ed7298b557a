using System.Net;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public sealed class DashboardHostingTests : IAsyncLifetime
{
    private readonly MudbaseFactory factory = new();
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task RootServesTheDashboardUnderAStrictContentSecurityPolicy()
    {
        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("<script type=\"module\" src=\"js/app.js\"></script>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DashboardScriptsAreServedAsJavaScript()
    {
        using var response = await client.GetAsync("/js/app.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheDashboardTakesItsEventTypesAndSeveritiesFromTheServersCatalogue()
    {
        using var response = await client.GetAsync("/js/catalogue.js");
        var module = await response.Content.ReadAsStringAsync();
        var format = await client.GetStringAsync("/js/format.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"EVENT_TYPES = Object.freeze({JsonSerializer.Serialize(Mudbase.Contracts.SecurityEventTypes.All)})", module);
        Assert.Contains($"SEVERITIES = Object.freeze({JsonSerializer.Serialize(Mudbase.Contracts.Severities.All)})", module);
        Assert.Contains("from \"./catalogue.js\"", format);
        Assert.DoesNotContain("unauthorized_access_attempt", format);
    }

    [Theory]
    [InlineData("/api/no-such-endpoint")]
    [InlineData("/no-such-page.html")]
    public async Task UnknownPathsStillAnswerWithTheProblemBody(string path)
    {
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("NOT_FOUND", body.RootElement.GetProperty("code").GetString());
        // Not the dashboard's page policy: the strict one every API answer carries.
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
