using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>
/// Follows <c>GET /api/compliance/security-events/stream</c>: yields each event once, in sequence order, and reconnects
/// with <c>Last-Event-ID</c> after a dropped connection, a 5xx/429, a server restart or a <c>behind</c> notice.
/// </summary>
internal static class SecurityEventStreaming
{
    public static async IAsyncEnumerable<SecurityEventView> RunAsync(
        MudbaseTransport transport, string query, long? after, TimeSpan reconnectDelay,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastId = after?.ToString(CultureInfo.InvariantCulture);
        var delay = reconnectDelay;
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
                await Task.Delay(delay, cancellationToken);
            using var response = await OpenAsync(transport, query, lastId, cancellationToken);
            if (response is null)
                continue;
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
            while (await NextAsync(reader, cancellationToken) is { } message)
            {
                if (message.Retry is { } retry)
                    delay = retry;
                if (message.Event == "security-event" && message.Data is { } data)
                {
                    lastId = message.Id ?? lastId;
                    yield return JsonSerializer.Deserialize(data, MudbaseJsonContext.Default.SecurityEventView)
                        ?? throw new JsonException("The stream sent an empty event");
                }
                else if (message.Event == "behind")
                {
                    lastId = message.Id ?? lastId;
                    break;
                }
            }
        }
    }

    /// <summary>The open stream, or null for a failure worth retrying; other errors throw <see cref="MudbaseApiException"/>.</summary>
    private static async Task<HttpResponseMessage?> OpenAsync(
        MudbaseTransport transport, string query, string? lastId, CancellationToken cancellationToken)
    {
        using var request = transport.Create(HttpMethod.Get, "api/compliance/security-events/stream" + query);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastId is not null)
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastId);
        try
        {
            return await transport.SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (MudbaseApiException e) when (e.StatusCode >= HttpStatusCode.InternalServerError || e.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The next message (the WHATWG parsing; comments skipped), or null when the connection ended or broke.</summary>
    private static async Task<Message?> NextAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var message = new Message();
        var data = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count == 0 && message.Event is null && message.Retry is null)
                        continue;
                    return message with { Data = data.Count > 0 ? string.Join('\n', data) : null };
                }
                if (line[0] == ':')
                    continue;
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..];
                if (value.StartsWith(' '))
                    value = value[1..];
                switch (field)
                {
                    case "id":
                        message = message with { Id = value };
                        break;
                    case "event":
                        message = message with { Event = value };
                        break;
                    case "data":
                        data.Add(value);
                        break;
                    case "retry" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms):
                        message = message with { Retry = TimeSpan.FromMilliseconds(ms) };
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
        }
        return null;
    }

    private sealed record Message(string? Id = null, string? Event = null, string? Data = null, TimeSpan? Retry = null);
}
