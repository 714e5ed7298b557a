using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Observability;

/// <summary>Of ASP.NET Core's meters, requests by route are always exported; those recording on every request are opt-in.</summary>
public sealed class FrameworkMetersTests
{
    private const string Token = "framework-meters";

    [Fact]
    public async Task RequestsAreExportedButTheFrameworksPerRequestMetersOnlyWhenOptedIn()
    {
        var plain = await ScrapeAfterAnEventAsync(new() { ["Mudbase:Metrics:Token"] = Token });
        var detailed = await ScrapeAfterAnEventAsync(new()
        {
            ["Mudbase:Metrics:Token"] = Token,
            ["Mudbase:Metrics:AspNetCoreDetail"] = "true",
        });

        Assert.Contains(plain.Samples("http_server_request_duration_seconds_count"),
            s => s.Contains("http_route=\"/api/compliance/security-event\""));
        Assert.Empty(plain.Samples("aspnetcore_authorization_attempts_total"));
        Assert.Empty(plain.Samples("aspnetcore_routing_match_attempts_total"));
        Assert.NotEmpty(detailed.Samples("http_server_request_duration_seconds_count"));
        Assert.NotEmpty(detailed.Samples("aspnetcore_authorization_attempts_total"));
        Assert.NotEmpty(detailed.Samples("aspnetcore_routing_match_attempts_total"));
    }

    private static async Task<PrometheusScrape> ScrapeAfterAnEventAsync(Dictionary<string, string?> settings)
    {
        await using var factory = new MudbaseFactory(extraSettings: settings);
        var owner = await TestAccounts.RegisterAsync(factory.CreateClient());
        await factory.Authorized(owner.Token).LogManyAsync(1);
        return await PrometheusScrape.GetAsync(factory.CreateClient(), Token);
    }
}
