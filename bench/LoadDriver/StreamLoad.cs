using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Mudbase.Bench.LoadDriver;

/// <summary>
/// Live-stream delivery: one client follows the stream while CLIENTS post single events for SECONDS; for each
/// acknowledged event, the time from its 200 to its arrival on the stream. Prints one BENCH line.
/// </summary>
internal static class StreamLoad
{
    private const string Events = "/api/compliance/security-event";

    public static async Task<int> RunAsync(HttpClient http, Options options)
    {
        var clients = options.Int("clients", 16);
        var duration = TimeSpan.FromSeconds(options.Double("seconds", 15));
        var acknowledged = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var arrived = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/compliance/security-events/stream");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var stream = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        stream.EnsureSuccessStatusCode();
        var follower = Task.Run(() => FollowAsync(stream, arrived, stop.Token));

        var ackLatencies = new Latencies();
        long failed = 0;
        var clock = Stopwatch.StartNew();
        async Task Client(int id)
        {
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var body = "{\"eventType\":\"unauthorized_access_attempt\",\"severity\":\"medium\",\"details\":{\"ipAddress\":\"198.51.100."
                    + id.ToString(CultureInfo.InvariantCulture) + "\",\"attempt\":" + i.ToString(CultureInfo.InvariantCulture) + "}}";
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(Events, content);
                var text = await response.Content.ReadAsStringAsync();
                var now = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failed);
                    continue;
                }
                ackLatencies.Add(Stopwatch.GetElapsedTime(started, now).TotalMilliseconds);
                acknowledged[JsonDocument.Parse(text).RootElement.GetProperty("eventId").GetString()!] = now;
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => Client(i))));
        var elapsed = clock.Elapsed;

        // Bounded wait for the stream to deliver every acknowledged event.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10) && acknowledged.Keys.Any(id => !arrived.ContainsKey(id)))
            await Task.Delay(50);
        await stop.CancelAsync();
        await follower;

        var delivery = new Latencies();
        var missing = 0;
        foreach (var (id, ackedAt) in acknowledged)
        {
            if (arrived.TryGetValue(id, out var at))
                delivery.Add(Math.Max(0, Stopwatch.GetElapsedTime(ackedAt, at).TotalMilliseconds));
            else
                missing++;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"BENCH clients={clients} seconds={elapsed.TotalSeconds:F2} events={acknowledged.Count} failed={failed} events_per_s={acknowledged.Count / elapsed.TotalSeconds:F0} ack_p50_ms={ackLatencies.Percentile(50):F1} ack_p99_ms={ackLatencies.Percentile(99):F1} delivery_p50_ms={delivery.Percentile(50):F1} delivery_p99_ms={delivery.Percentile(99):F1} delivery_max_ms={delivery.Percentile(100):F1} missing={missing}"));
        return failed == 0 && missing == 0 ? 0 : 1;
    }

    private static async Task FollowAsync(HttpResponseMessage response, ConcurrentDictionary<string, long> arrived, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                    continue;
                using var data = JsonDocument.Parse(line.AsMemory(6));
                arrived.TryAdd(data.RootElement.GetProperty("eventId").GetString()!, Stopwatch.GetTimestamp());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
