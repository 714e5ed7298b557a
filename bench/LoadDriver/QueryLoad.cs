using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mudbase.Bench.LoadDriver;

/// <summary>
/// Times each query shape of <c>GET /api/compliance/security-events</c>, and the lookups of one event by its id (view,
/// proof, an id of no event), first one request at a time, then at --concurrency, each phase bounded by --requests and
/// --max-seconds. Values are drawn per request from the pools the bodies were built from, and ids from events spread
/// over the whole log, so no shape is served by one hot page.
/// </summary>
internal static class QueryLoad
{
    private const string Path = "api/compliance/security-events";

    public static async Task<int> RunAsync(HttpClient http, Options options)
    {
        var requests = options.Int("requests", 300);
        var concurrency = options.Int("concurrency", 8);
        var maxSeconds = options.Double("max-seconds", 20);
        var meter = new CpuMeter(options.Get("server-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null);
        var log = await LogShape.DiscoverAsync(http);
        Console.WriteLine(Invariant($"log: {log.Size} events, recordedAt {log.First:O} .. {log.Last:O}"));
        var ids = await log.SampleIdsAsync(http, pages: 20);

        var failures = 0;
        Console.WriteLine("shape                                   mode    n      p50 ms   p95 ms   p99 ms   max ms   rows/req  srv cpu ms/req  others  load");
        var only = options.Get("shapes");
        var shapes = Shapes(log).Select(s => (s.Name, Build: (Func<Random, string>)(r => Url(s.Build(r))))).Concat(ByIdShapes(ids));
        foreach (var (name, build) in shapes.Where(s => only is null || s.Name.Contains(only, StringComparison.Ordinal)))
        {
            foreach (var workers in new[] { 1, concurrency })
            {
                meter.Restart();
                var result = await MeasureAsync(http, build, workers, requests, TimeSpan.FromSeconds(maxSeconds), expectNotFound: name == NotFound);
                var cpu = meter.Stop(result.Latencies.Count);
                var load = LoadAverage();
                failures += result.Failed;
                var noisy = cpu is { OthersShare: > 0.10 } ? " NOISY" : "";
                var cpuText = cpu is { } c ? Invariant($"{c.ServerMsPerRequest,15:F2} {c.OthersShare,7:P0}") : $"{"-",15} {"-",7}";
                Console.WriteLine(Invariant(
                    $"{name,-39} {(workers == 1 ? "seq" : "c" + workers),-5} {result.Latencies.Count,5} {result.Latencies.Percentile(50),8:F1} {result.Latencies.Percentile(95),8:F1} {result.Latencies.Percentile(99),8:F1} {result.Latencies.Percentile(100),8:F1} {result.Rows / Math.Max(1.0, result.Latencies.Count),10:F1} {cpuText} {load,5}{noisy}"));
                Console.WriteLine(Invariant(
                    $"BENCH shape={name} mode={(workers == 1 ? "seq" : "c" + workers)} n={result.Latencies.Count} failed={result.Failed} p50_ms={result.Latencies.Percentile(50):F2} p95_ms={result.Latencies.Percentile(95):F2} p99_ms={result.Latencies.Percentile(99):F2} max_ms={result.Latencies.Percentile(100):F2} rows_per_req={result.Rows / Math.Max(1.0, result.Latencies.Count):F1} server_cpu_ms_per_req={cpu?.ServerMsPerRequest ?? double.NaN:F2} others_cpu={cpu?.OthersShare ?? double.NaN:F2} load1={load} noisy={(noisy.Length > 0 ? "yes" : "no")}"));
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static IEnumerable<(string Name, Func<Random, string> Build)> Shapes(LogShape log)
    {
        string Deep(Random r) => "&cursor=" + log.CursorAt((long)(log.Size * (0.05 + 0.15 * r.NextDouble())), descending: true);
        string User(Random r) => EventBodies.User(r.Next(EventBodies.Users));
        string Type(Random r) => EventBodies.Pick(r, EventBodies.Types);
        string Window(Random r, double start, double width)
        {
            var from = log.At(start + 0.02 * (r.NextDouble() - 0.5));
            return $"from={Stamp(from)}&to={Stamp(from + (log.Last - log.First) * width)}";
        }

        yield return ("latest", _ => "");
        yield return ("severity=high", _ => "severity=high");
        yield return ("severity=critical", _ => "severity=critical");
        yield return ("severity=critical + deep cursor", r => "severity=critical" + Deep(r));
        yield return ("userId", r => "userId=" + User(r));
        yield return ("userId + deep cursor", r => "userId=" + User(r) + Deep(r));
        yield return ("userId + severity=high", r => $"userId={User(r)}&severity=high");
        yield return ("ipAddress", r => "ipAddress=" + EventBodies.Ip(r.Next(EventBodies.IpAddresses)));
        yield return ("resource + eventType", r => $"resource={Uri.EscapeDataString(EventBodies.Resource(r.Next(EventBodies.Resources)))}&eventType={Type(r)}");
        yield return ("eventType + minSeverity=high", r => $"eventType={Type(r)}&minSeverity=high");
        yield return ("eventType + minSeverity=high + deep", r => $"eventType={Type(r)}&minSeverity=high" + Deep(r));
        yield return ("rare eventType + minSeverity=critical", _ => "eventType=data_breach_detected&minSeverity=critical");
        yield return ("cursor deep, no filter", r => Deep(r)[1..]);
        yield return ("from/to last 10%", r => Window(r, 0.9, 0.1));
        yield return ("from/to middle 10%", r => Window(r, 0.45, 0.1));
        yield return ("from/to oldest 10%", r => Window(r, 0.05, 0.1));
        yield return ("from/to middle 10% + severity=high", r => Window(r, 0.45, 0.1) + "&severity=high");
        yield return ("from/to 10-90% + deep cursor", r => Window(r, 0.1, 0.8) + "&cursor=" + log.CursorAt((long)(log.Size * (0.3 + 0.1 * r.NextDouble())), true));
        yield return ("severity=high, order=asc", _ => "severity=high&order=asc");
        yield return ("limit=500 severity=high", _ => "severity=high&limit=500");
    }

    /// <summary>
    /// One event by its id: its view, its inclusion proof, and a well-formed id of no event (an existing id with its
    /// last character changed: the same millisecond, so the lookup reads that millisecond's entries and finds none).
    /// </summary>
    private static IEnumerable<(string Name, Func<Random, string> Build)> ByIdShapes(IReadOnlyList<string> ids)
    {
        string Any(Random r) => ids[r.Next(ids.Count)];
        yield return ("event by id", r => $"{Path}/{Any(r)}");
        yield return ("proof by id", r => $"{Path}/{Any(r)}/proof");
        yield return (NotFound, r => Any(r) is var id ? $"{Path}/{id[..^1]}{(id[^1] == '0' ? '1' : '0')}" : "");
    }

    private const string NotFound = "event by id, not found";

    private static string Url(string query) => Path + (query.Length > 0 ? "?" + query : "");

    private sealed record Result(Latencies Latencies, int Failed, long Rows);

    private static async Task<Result> MeasureAsync(
        HttpClient http, Func<Random, string> build, int workers, int count, TimeSpan limit, bool expectNotFound = false)
    {
        var latencies = new Latencies();
        int issued = 0, failed = 0;
        long rows = 0;
        var clock = Stopwatch.StartNew();

        async Task Worker(int id)
        {
            var random = new Random(id * 7919 + workers);
            while (clock.Elapsed < limit && Interlocked.Increment(ref issued) <= count)
            {
                var url = build(random);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsByteArrayAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                // A lookup of no event must answer 404 (a request with no row), anything else is a failure.
                if (expectNotFound && response.StatusCode == System.Net.HttpStatusCode.NotFound)
                    continue;
                if (expectNotFound || !response.IsSuccessStatusCode)
                {
                    if (Interlocked.Increment(ref failed) <= 3)
                        Console.Error.WriteLine($"GET {url}: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
                    continue;
                }
                using var document = JsonDocument.Parse(body);
                Interlocked.Add(ref rows, document.RootElement.TryGetProperty("events", out var events) ? events.GetArrayLength() : 1);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(i => Task.Run(() => Worker(i))));
        return new Result(latencies, failed, rows);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "-";
        }
    }

    private static string Stamp(DateTimeOffset value) =>
        Uri.EscapeDataString(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The size and time span of the seeded log, and a cursor template taken from a real page.</summary>
internal sealed record LogShape(long Size, DateTimeOffset First, DateTimeOffset Last, string CursorOrg)
{
    public static async Task<LogShape> DiscoverAsync(HttpClient http)
    {
        var oldest = await FirstAsync(http, "order=asc&limit=1");
        var newest = await FirstAsync(http, "order=desc&limit=1");
        var cursor = newest.GetProperty("nextCursor").GetString() ?? throw new InvalidOperationException("the log has one event");
        // The cursor is opaque to clients; the benchmark reads it only to jump deep into the log without paging there.
        var parts = Encoding.UTF8.GetString(FromBase64Url(cursor)).Split('|');
        var last = newest.GetProperty("events")[0];
        return new LogShape(last.GetProperty("sequence").GetInt64(),
            oldest.GetProperty("events")[0].GetProperty("recordedAt").GetDateTimeOffset(),
            last.GetProperty("recordedAt").GetDateTimeOffset(), parts[1]);
    }

    /// <summary>The ids of <paramref name="pages"/> pages of 100 events, at cursors spread evenly over the log.</summary>
    public async Task<IReadOnlyList<string>> SampleIdsAsync(HttpClient http, int pages)
    {
        var ids = new List<string>();
        for (var i = 0; i < pages; i++)
        {
            var page = await FirstAsync(http, "limit=100&cursor=" + CursorAt(Size * (i + 1) / pages + 1, descending: true));
            ids.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!));
        }
        return ids.Count > 0 ? ids : throw new InvalidOperationException("no event ids in the log");
    }

    public DateTimeOffset At(double fraction) => First + (Last - First) * Math.Clamp(fraction, 0, 1);

    public string CursorAt(long sequence, bool descending) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"v1|{CursorOrg}|{Math.Max(1, sequence)}|{(descending ? 'd' : 'a')}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task<JsonElement> FirstAsync(HttpClient http, string query)
    {
        using var response = await http.GetAsync("api/compliance/security-events?" + query);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return document.RootElement.Clone();
    }

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
