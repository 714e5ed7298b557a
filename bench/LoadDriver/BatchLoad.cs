using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Mudbase.Bench.LoadDriver;

/// <summary>Drives <c>POST /api/compliance/security-events/batch</c> with concurrent clients.</summary>
internal static class BatchLoad
{
    private const string Path = "api/compliance/security-events/batch";

    /// <summary>Timed run: warm-up, then a measured phase; prints one BENCH line.</summary>
    public static async Task<int> RunAsync(HttpClient http, Options options)
    {
        var clients = options.Int("clients", 8);
        var batchSize = options.Int("batch", 1000);
        var seconds = options.Double("seconds", 20);
        var warmup = options.Double("warmup", 3);
        var bodies = Prebuild(options.Int("bodies", 32), batchSize);

        var warm = await DriveAsync(http, bodies, clients, TimeSpan.FromSeconds(warmup), long.MaxValue);
        var run = await DriveAsync(http, bodies, clients, TimeSpan.FromSeconds(seconds), long.MaxValue);
        var acknowledged = warm.Events + run.Events;
        Console.WriteLine(Invariant($"BENCH clients={clients} batch={batchSize} seconds={run.Elapsed.TotalSeconds:F2} requests={run.Requests} failed={run.Failed} events={run.Events} events_per_s={run.Events / run.Elapsed.TotalSeconds:F0} p50_ms={run.Latencies.Percentile(50):F1} p95_ms={run.Latencies.Percentile(95):F1} p99_ms={run.Latencies.Percentile(99):F1} max_ms={run.Latencies.Percentile(100):F1} warmup_events={warm.Events} acknowledged_total={acknowledged} failed_total={warm.Failed + run.Failed}"));
        return warm.Failed + run.Failed == 0 ? 0 : 1;
    }

    /// <summary>Posts exactly --events events (the last request may be short), bounded by --max-seconds.</summary>
    public static async Task<int> SeedAsync(HttpClient http, Options options)
    {
        var target = options.Int("events", 1_000_000);
        var clients = options.Int("clients", 4);
        var batchSize = options.Int("batch", 1000);
        var bodies = Prebuild(options.Int("bodies", 64), batchSize);
        var tail = target % batchSize == 0 ? null : EventBodies.Build(new Random(7), target % batchSize);
        var run = await DriveAsync(http, bodies, clients, TimeSpan.FromSeconds(options.Double("max-seconds", 300)), target / batchSize, tail);
        Console.WriteLine(Invariant($"BENCH seeded={run.Events} target={target} seconds={run.Elapsed.TotalSeconds:F2} events_per_s={run.Events / run.Elapsed.TotalSeconds:F0} failed={run.Failed} p50_ms={run.Latencies.Percentile(50):F1} p99_ms={run.Latencies.Percentile(99):F1}"));
        return run.Failed == 0 && run.Events == target ? 0 : 1;
    }

    private static byte[][] Prebuild(int count, int batchSize) =>
        Enumerable.Range(0, count).Select(i => EventBodies.Build(new Random(1000 + i), batchSize)).ToArray();

    private sealed record Outcome(long Requests, long Failed, long Events, TimeSpan Elapsed, Latencies Latencies);

    private static async Task<Outcome> DriveAsync(
        HttpClient http, byte[][] bodies, int clients, TimeSpan duration, long maxRequests, byte[]? tail = null)
    {
        var latencies = new Latencies();
        long issued = 0, requests = 0, failed = 0, events = 0;
        var perBody = bodies[0].Length > 0 ? CountEvents(bodies[0]) : 0;
        var clock = Stopwatch.StartNew();

        async Task Client(int id)
        {
            var next = id;
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref issued);
                byte[] body;
                int count;
                if (n <= maxRequests)
                    (body, count) = (bodies[next++ % bodies.Length], perBody);
                else if (n == maxRequests + 1 && tail is not null)
                    (body, count) = (tail, CountEvents(tail));
                else
                    return;

                var started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                try
                {
                    using var response = await http.PostAsync(Path, content);
                    await response.Content.ReadAsByteArrayAsync();
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref requests);
                    if (response.StatusCode == HttpStatusCode.OK)
                        Interlocked.Add(ref events, count);
                    else if (Interlocked.Increment(ref failed) <= 3)
                        Console.Error.WriteLine($"batch: HTTP {(int)response.StatusCode}");
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref requests);
                    if (Interlocked.Increment(ref failed) <= 3)
                        Console.Error.WriteLine($"batch: {e.Message}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => Client(i))));
        return new Outcome(requests, failed, events, clock.Elapsed, latencies);
    }

    // Each event object starts with its eventType member, which appears nowhere else in the body.
    private static int CountEvents(byte[] body)
    {
        var count = 0;
        var span = body.AsSpan();
        var needle = "\"eventType\""u8;
        for (var at = span.IndexOf(needle); at >= 0; at = span.IndexOf(needle))
        {
            count++;
            span = span[(at + needle.Length)..];
        }
        return count;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
