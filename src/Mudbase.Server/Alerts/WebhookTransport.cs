using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts;

/// <summary>
/// Signed HTTP POSTs. Redirects are not followed, no proxy is used, every connection goes through
/// <see cref="DestinationPolicy.ConnectAsync"/>, each attempt is bounded in time, and only a bounded excerpt of the
/// response is read.
/// </summary>
internal sealed class WebhookTransport : IDisposable
{
    private readonly HttpClient client;
    private readonly WebhookOptions options;
    private readonly TimeProvider time;

    public WebhookTransport(DestinationPolicy policy, IOptions<WebhookOptions> options, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(this.options.TimeoutSeconds),
            ConnectCallback = async (context, token) =>
                new NetworkStream(await policy.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, token), ownsSocket: true),
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mudbase-Webhooks/1");
    }

    public async Task<DeliveryOutcome> SendAsync(WebhookRecord webhook, OutboundMessage message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(message.Body) };
        request.Content.Headers.ContentType = new("application/json");
        // The time of this attempt, not of the body: a message body is prepared once and may be sent again later.
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Add("webhook-id", message.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(Secrets(webhook), message.Id, timestamp, message.Body));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ExcerptAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            var ok = status is >= 200 and < 300;
            return new(ok, status, Elapsed(started), ok ? null : status is >= 300 and < 400 ? "redirects are not followed" : $"HTTP {status}", excerpt);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(false, null, Elapsed(started), $"timed out after {options.TimeoutSeconds} s", null);
        }
        catch (HttpRequestException e)
        {
            return new(false, null, Elapsed(started), Describe(e), null);
        }
    }

    private IEnumerable<string> Secrets(WebhookRecord webhook)
    {
        if (webhook.Secret is { } current)
            yield return current;
        if (webhook.PreviousSecret is { } previous && webhook.PreviousSecretUntil > time.GetUtcNow())
            yield return previous;
    }

    private async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[options.ResponseExcerptBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            read += n;
        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DestinationRefusedException refused)
                return refused.Message;
        }
        return e.InnerException is { } cause ? $"{e.Message} ({cause.Message})" : e.Message;
    }

    internal static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    public void Dispose() => client.Dispose();
}
