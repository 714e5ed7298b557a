using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mudbase.Tests.Shared;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>A real Mudbase server process on a loopback port, for crash and multi-process tests.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

    private ServerProcess(Process process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The last lines the server wrote, for failure messages.</summary>
    public string OutputTail => string.Join('\n', output);

    public Uri BaseUrl { get; }

    /// <summary>The server's process id (the launcher's, which execs the server).</summary>
    public int Id => process.Id;

    /// <param name="launcher">A command that execs the server with its arguments, e.g. <c>fiu-run -x</c>.</param>
    /// <param name="urlFromEnvironment">Give the address as <c>ASPNETCORE_URLS</c> instead of <c>--urls</c>.</param>
    public static async Task<ServerProcess> StartAsync(
        string dataDirectory, IDictionary<string, string>? environment = null, IReadOnlyList<string>? launcher = null,
        bool urlFromEnvironment = false)
    {
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        string[] urls = urlFromEnvironment ? [] : ["--urls", baseUrl.ToString()];
        string[] command = [.. launcher ?? [], "dotnet", Path.Combine(AppContext.BaseDirectory, "Mudbase.Server.dll"), .. urls];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Mudbase__DataDirectory"] = dataDirectory;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in TestServerSettings.AsEnvironment())
            start.Environment[key] = value;
        if (urlFromEnvironment)
            start.Environment["ASPNETCORE_URLS"] = baseUrl.ToString();
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, baseUrl);
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await server.WaitUntilAliveAsync();
        return server;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL: no shutdown hooks, no flushing.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
            Kill();
        process.Dispose();
        await Task.CompletedTask;
    }

    private async Task WaitUntilAliveAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"server exited with code {process.ExitCode}:\n{OutputTail}");
            try
            {
                using var response = await client.GetAsync("alive");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("server did not start within 60 s");
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        while (output.Count > 40)
            output.TryDequeue(out _);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
