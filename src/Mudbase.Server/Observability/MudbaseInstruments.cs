using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Mudbase.Server.Observability;

/// <summary>
/// The server's own meter and activity source. The instruments that the storage and append code record into are
/// static, like the runtime's own, so the hot path reaches them without a service lookup.
/// </summary>
internal static class MudbaseInstruments
{
    public const string Name = "Mudbase.Server";

    public static readonly string Version =
        typeof(MudbaseInstruments).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static readonly ActivitySource Activities = new(Name, Version);

    private static readonly Meter Meter = new(Name, Version);

    private static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>(
        "mudbase.events.appended", "{event}", "Events durably committed to a ledger");

    private static readonly Counter<long> AppendFailures = Meter.CreateCounter<long>(
        "mudbase.append.failed", "{event}", "Events whose append transaction failed (none of them were committed)");

    private static readonly Histogram<long> BatchSize = Meter.CreateHistogram(
        "mudbase.append.batch.size", "{event}", "Events committed by one append transaction",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096] });

    private static readonly InstrumentAdvice<double> LatencyBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static readonly Histogram<double> AppendDuration = Meter.CreateHistogram(
        "mudbase.append.duration", "s", "One append transaction from first statement to durable commit", advice: LatencyBuckets);

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "mudbase.storage.commit.duration", "s", "The COMMIT of a write transaction: the WAL flush and fsync", advice: LatencyBuckets);

    private static readonly Counter<long> IntegrityFailures = Meter.CreateCounter<long>(
        "mudbase.ledger.integrity_failures", "{request}", "Requests refused because the stored ledger contradicts its signed checkpoints");

    private static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "mudbase.ratelimit.rejections", "{request}", "Requests answered 429 Too Many Requests");

    public static void Appended(int events, long startedTimestamp)
    {
        EventsAppended.Add(events);
        BatchSize.Record(events);
        AppendDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
    }

    public static void AppendFailed(int events) => AppendFailures.Add(events);

    public static void Committed(string provider, long startedTimestamp) =>
        CommitDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("db.system", provider));

    public static void IntegrityFailed() => IntegrityFailures.Add(1);

    public static void Rejected(string? route) =>
        RateLimited.Add(1, new KeyValuePair<string, object?>("http.route", route ?? "unmatched"));
}
