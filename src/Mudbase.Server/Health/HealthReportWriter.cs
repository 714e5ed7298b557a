using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mudbase.Server.Health;

/// <summary>
/// Writes /health in the official contract's shape (<c>status</c>, <c>timestamp</c>, <c>version</c>, <c>uptime</c>,
/// <c>services</c> with one entry per registered check) plus <c>checks</c>: each check's status and reason.
/// </summary>
internal static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        var info = context.RequestServices.GetRequiredService<ServerInfo>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", ServiceStates.Overall(report.Status));
        writer.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("version", info.Version);
        writer.WriteNumber("uptime", info.UptimeSeconds);
        writer.WriteStartObject("services");
        foreach (var (name, state) in ServiceStates.Services(report))
            writer.WriteString(name, state);
        writer.WriteEndObject();
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", entry.Status.ToString());
            writer.WriteString("description", entry.Description);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
