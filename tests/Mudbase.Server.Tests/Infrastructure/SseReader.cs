using System.Net.Http.Headers;
using System.Text.Json;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>One Server-Sent Event as a client sees it; a comment line is an item of its own.</summary>
public sealed record SseItem(string? Id, string? Event, string? Data, string? Comment)
{
    public long Sequence => long.Parse(Id!, System.Globalization.CultureInfo.InvariantCulture);

    public JsonElement Json => JsonDocument.Parse(Data!).RootElement.Clone();
}

/// <summary>An open event stream read the way the SSE specification parses it, independent of the server's code.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        this.response = response;
        reader = new StreamReader(body);
    }

    public HttpResponseMessage Response => response;

    public static async Task<SseReader> OpenAsync(HttpClient client, string query = "", string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/compliance/security-events/stream" + query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next item, or null when the server ended the stream.</summary>
    public async Task<SseItem?> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        string? id = null, name = null, comment = null;
        var data = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(cancel.Token);
            if (line is null)
                return null;
            if (line.Length == 0)
            {
                if (data.Count > 0 || comment is not null || name is not null)
                    return new SseItem(id, name, data.Count > 0 ? string.Join('\n', data) : null, comment);
                continue;
            }
            if (line.StartsWith(':'))
                comment = line[1..].Trim();
            else if (Field(line, "id") is { } value)
                id = value;
            else if (Field(line, "event") is { } eventName)
                name = eventName;
            else if (Field(line, "data") is { } payload)
                data.Add(payload);
        }
    }

    /// <summary>The next <paramref name="count"/> security events, skipping comments.</summary>
    public async Task<List<SseItem>> EventsAsync(int count, TimeSpan? timeout = null)
    {
        var events = new List<SseItem>();
        while (events.Count < count)
        {
            var item = await NextAsync(timeout) ?? throw new InvalidOperationException($"the stream ended after {events.Count} events");
            if (item.Event is not null)
                events.Add(item);
        }
        return events;
    }

    private static string? Field(string line, string name) =>
        line.StartsWith(name + ":", StringComparison.Ordinal) ? line[(name.Length + 1)..].TrimStart(' ') : null;

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
