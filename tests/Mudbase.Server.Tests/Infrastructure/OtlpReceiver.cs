using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// A collector stand-in: accepts OTLP/HTTP exports on a loopback port and keeps each body. Protobuf carries span
/// names and attribute values as plain UTF-8, so the tests search the bytes for them.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> exports = new();
    private readonly Task loop;

    public OtlpReceiver()
    {
        var port = ServerProcess.FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        loop = Task.Run(ReceiveAsync);
    }

    public string Endpoint { get; }

    /// <summary>Waits until some trace export contains every one of <paramref name="texts"/>.</summary>
    public async Task<bool> WaitForTracesContainingAsync(TimeSpan timeout, params string[] texts)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var traces = string.Concat(exports.Where(e => e.Path == "/v1/traces").Select(e => Encoding.UTF8.GetString(e.Body)));
            if (texts.All(t => traces.Contains(t, StringComparison.Ordinal)))
                return true;
            await Task.Delay(100);
        }
        return false;
    }

    private async Task ReceiveAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            exports.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
