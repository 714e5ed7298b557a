using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Mudbase.Server.Common;
using Mudbase.Server.TransparencyLog;
using Mudbase.Server.TransparencyLog.Intake;

namespace Mudbase.Server.Observability;

/// <summary>
/// Gauges read at scrape time from this server's state. Without <see cref="MetricsOptions.PerOrganisation"/> no
/// series carries an organisation, so the number of series does not grow with the number of tenants.
/// </summary>
internal sealed class ServerGauges
{
    private readonly EventAppender appender;
    private readonly LedgerHeads heads;
    private readonly LedgerMonitor monitor;
    private readonly TimeProvider time;
    private readonly string dataDirectory;
    private readonly bool perOrganisation;

    public ServerGauges(
        IMeterFactory meters, EventAppender appender, IntakeWaiter intake, LedgerHeads heads, LedgerMonitor monitor, TimeProvider time,
        IOptions<MudbaseOptions> mudbase, IOptions<MetricsOptions> options)
    {
        this.appender = appender;
        this.heads = heads;
        this.monitor = monitor;
        this.time = time;
        dataDirectory = mudbase.Value.FullDataDirectory;
        perOrganisation = options.Value.PerOrganisation;
        var meter = meters.Create(MudbaseInstruments.Name, MudbaseInstruments.Version);
        meter.CreateObservableGauge("mudbase.append.queue.depth", () => this.appender.QueueDepth, "{request}",
            "Append requests waiting for the single writer");
        if (intake.IsShared)
            IntakeGauges.Register(meter, intake);
        meter.CreateObservableGauge("mudbase.ledger.logs", () => this.heads.All.Count(), "{log}", "Organisation logs with a checkpoint");
        meter.CreateObservableGauge("mudbase.ledger.tree.size", TreeSizes, "{leaf}",
            "Leaves in the ledger (summed over organisations unless per-organisation metrics are on)");
        meter.CreateObservableGauge("mudbase.ledger.checkpoint.age", CheckpointAges, "s",
            "Seconds since the newest checkpoint was signed (per organisation when per-organisation metrics are on)");
        meter.CreateObservableGauge("mudbase.ledger.selfcheck.logs", SelfCheckResults, "{log}",
            "Logs by the outcome of their latest self-check (result=ok|failed)");
        meter.CreateObservableGauge("mudbase.ledger.selfcheck.age", SelfCheckAge, "s", "Seconds since the self-check last ran");
        meter.CreateObservableGauge("mudbase.storage.disk.free", () => Disk()?.AvailableFreeSpace ?? 0, "By",
            "Free bytes on the file system of the data directory");
        meter.CreateObservableGauge("mudbase.storage.disk.size", () => Disk()?.TotalSize ?? 0, "By",
            "Size in bytes of the file system of the data directory");
    }

    private IEnumerable<Measurement<long>> TreeSizes() =>
        perOrganisation
            ? heads.All.Select(h => new Measurement<long>(h.Value.TreeSize, Org(h.Key)))
            : [new Measurement<long>(heads.All.Sum(h => h.Value.TreeSize))];

    private IEnumerable<Measurement<double>> CheckpointAges()
    {
        var now = time.GetUtcNow();
        if (perOrganisation)
            return heads.All.Select(h => new Measurement<double>((now - h.Value.SignedAt).TotalSeconds, Org(h.Key)));
        var newest = heads.All.Select(h => h.Value.SignedAt).DefaultIfEmpty().Max();
        return newest == default ? [] : [new Measurement<double>((now - newest).TotalSeconds)];
    }

    private IEnumerable<Measurement<int>> SelfCheckResults()
    {
        var results = monitor.Results;
        var failed = results.Count(r => !r.Ok);
        return
        [
            new Measurement<int>(results.Count - failed, new KeyValuePair<string, object?>("result", "ok")),
            new Measurement<int>(failed, new KeyValuePair<string, object?>("result", "failed")),
        ];
    }

    private IEnumerable<Measurement<double>> SelfCheckAge() =>
        monitor.LastRunAt is { } at ? [new Measurement<double>((time.GetUtcNow() - at).TotalSeconds)] : [];

    private DriveInfo? Disk()
    {
        try
        {
            return Directory.Exists(dataDirectory) ? new DriveInfo(dataDirectory) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static KeyValuePair<string, object?> Org(string orgId) => new("org", orgId);
}
