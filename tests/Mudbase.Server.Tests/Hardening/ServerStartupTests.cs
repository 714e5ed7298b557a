using System.Net;
using System.Net.Sockets;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Hardening;

/// <summary>A real server process: where it listens, what it says when it starts, and how it refuses a busy port or oversized requests.</summary>
public sealed class ServerStartupTests : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "mudbase-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
            Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task AspNetCoreUrlsDecidesWhereTheServerListensAndTheStartupLineSaysWhatANewcomerNeeds()
    {
        await using var server = await ServerProcess.StartAsync(dataDirectory,
            new Dictionary<string, string> { ["Logging__LogLevel__Mudbase.Server.Hosting.StartupReport"] = "Information" }, urlFromEnvironment: true);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!server.OutputTail.Contains("Mudbase ready", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        var ready = server.OutputTail.Split('\n').Single(line => line.Contains("Mudbase ready", StringComparison.Ordinal));
        Assert.Contains(Path.GetFullPath(dataDirectory), ready);
        Assert.Contains("storage: sqlite", ready);
        Assert.Contains("token signing key generated", ready);
        Assert.Contains("ledger signing key generated", ready);
        Assert.Contains($"{server.BaseUrl.ToString().TrimEnd('/')}/docs", ready);
    }

    [Fact]
    public async Task ABusyPortEndsInOneClearLineAndANonZeroExit()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var (exitCode, stdout, stderr) = await ServerExecutable.RunToEndAsync([], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Mudbase__DataDirectory"] = dataDirectory,
        });

        Assert.Equal(2, exitCode);
        var lines = (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains($"127.0.0.1:{port} is already in use", line);
    }

    [Fact]
    public async Task OversizedHeadersAndTargetsGetTheMudbaseProblemBody()
    {
        await using var server = await ServerProcess.StartAsync(dataDirectory);
        using var client = server.CreateClient();

        using var headers = new HttpRequestMessage(HttpMethod.Get, "alive");
        headers.Headers.TryAddWithoutValidation("X-Padding", new string('a', 40 * 1024));
        using var tooManyHeaders = await client.SendAsync(headers);
        using var tooLong = await client.GetAsync(new string('a', 9 * 1024));

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, tooManyHeaders.StatusCode);
        Assert.Equal("application/problem+json", tooManyHeaders.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, tooLong.StatusCode);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
    }
}
