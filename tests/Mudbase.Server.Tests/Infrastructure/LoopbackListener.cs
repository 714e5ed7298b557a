using System.Net;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>An HTTP listener on a free loopback port handing each request, with its whole body, to a handler.</summary>
public sealed class LoopbackListener : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<HttpListenerContext, byte[], Task> handle;
    private readonly Task loop;

    public LoopbackListener(Func<HttpListenerContext, byte[], Task> handle)
    {
        this.handle = handle;
        Port = ServerProcess.FreePort();
        listener.Prefixes.Add($"{BaseUrl}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    private async Task ServeAsync()
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
            await handle(context, body.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
