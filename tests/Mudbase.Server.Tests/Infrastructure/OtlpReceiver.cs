using System.Collections.Concurrent;
using System.Text;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// A collector stand-in: accepts OTLP/HTTP exports on a loopback port and keeps each body. Protobuf carries span
/// names and attribute values as plain UTF-8, so the tests search the bytes for them.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, byte[] Body)> exports = new();
    private readonly LoopbackListener listener;

    public OtlpReceiver()
    {
        listener = new LoopbackListener((context, body) =>
        {
            exports.Enqueue((context.Request.Url!.AbsolutePath, body));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
            return Task.CompletedTask;
        });
        Endpoint = listener.BaseUrl;
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

    public ValueTask DisposeAsync() => listener.DisposeAsync();
}
