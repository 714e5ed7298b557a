using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Common;
using Mudbase.Server.Http;

namespace Mudbase.Server.Health;

internal static class StatusApi
{
    public static void MapStatusApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/status", StatusAsync)
            .WithName("systemStatus")
            .WithTags("Health")
            .WithSummary("System status")
            .WithDescription("Owners and admins. This process's uptime, memory, CPU (average since start), requests answered (errors are 5xx), the database's response time, the data directory's disk, and the state of every health check.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }

    private static async Task<Ok<SystemStatusResponse>> StatusAsync(
        HealthCheckService health, ServerInfo info, RequestCounters requests, IOptions<MudbaseOptions> options, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var report = await health.CheckHealthAsync(cancellationToken);
        var checkMs = (long)watch.Elapsed.TotalMilliseconds;
        var databaseMs = report.Entries.TryGetValue("database", out var database) ? (long)database.Duration.TotalMilliseconds : checkMs;

        using var process = Process.GetCurrentProcess();
        var used = process.WorkingSet64;
        var total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var uptime = info.Uptime;
        var cores = Environment.ProcessorCount;
        var cpu = uptime.TotalSeconds > 0 ? process.TotalProcessorTime.TotalSeconds / uptime.TotalSeconds / cores * 100 : 0;
        var disk = DiskSpace.Of(options.Value.FullDataDirectory);

        var data = new SystemStatus(
            info.UptimeSeconds,
            info.Version,
            ServiceStates.Overall(report.Status),
            new MemoryStatus(used >> 20, total >> 20, Percent(used, total), used, total),
            new CpuStatus(Math.Round(cpu, 2), cores),
            new RequestStatus(requests.Total, requests.Successful, requests.Errors, Percent(requests.Errors, requests.Total)),
            new DatabaseStatus(databaseMs),
            disk is null ? null : new StorageStatus(disk.Used >> 20, disk.Available >> 20, Percent(disk.Used, disk.Total), disk.Used, disk.Available),
            ServiceStates.Services(report));
        return TypedResults.Ok(new SystemStatusResponse(true, data));
    }

    private static double Percent(long part, long whole) => whole <= 0 ? 0 : Math.Round(100.0 * part / whole, 2);
}
