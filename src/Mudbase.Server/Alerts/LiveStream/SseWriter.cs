using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Mudbase.Contracts;

namespace Mudbase.Server.Alerts.LiveStream;

/// <summary>Writes the Server-Sent Events of a security-event stream, flushing each so it leaves at once.</summary>
internal sealed class SseWriter(HttpResponse response, JsonSerializerOptions json)
{
    /// <summary>The SSE event name of a recorded security event.</summary>
    public const string SecurityEvent = "security-event";

    /// <summary>The SSE event name telling a client it fell behind and where to resume.</summary>
    public const string Behind = "behind";

    public async Task StartAsync(int retryMilliseconds, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-transform";
        // Reverse proxies such as nginx would otherwise hold events back in a buffer.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await WriteAsync($"retry: {retryMilliseconds}\n: stream open\n\n", cancellationToken);
    }

    public Task EventAsync(SecurityEventView view, CancellationToken cancellationToken) =>
        WriteAsync($"id: {view.Sequence}\nevent: {SecurityEvent}\ndata: {JsonSerializer.Serialize(view, json.GetTypeInfo(typeof(SecurityEventView)))}\n\n",
            cancellationToken);

    public Task BehindAsync(long resumeAfter, CancellationToken cancellationToken) =>
        WriteAsync($"id: {resumeAfter}\nevent: {Behind}\ndata: {{\"resumeAfter\":{resumeAfter}}}\n\n", cancellationToken);

    public Task HeartbeatAsync(CancellationToken cancellationToken) => WriteAsync(": heartbeat\n\n", cancellationToken);

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
