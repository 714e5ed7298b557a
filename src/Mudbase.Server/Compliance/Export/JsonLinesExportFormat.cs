using System.Text.Json;
using Mudbase.Contracts;

namespace Mudbase.Server.Compliance.Export;

/// <summary>One event per line, in the same shape as <c>GET /api/compliance/security-events/{id}</c>.</summary>
internal sealed class JsonLinesExportFormat : IEventExportFormat
{
    public string ContentType => "application/x-ndjson; charset=utf-8";

    public string FileExtension => "jsonl";

    public Task WriteHeaderAsync(TextWriter writer) => Task.CompletedTask;

    public Task WriteAsync(TextWriter writer, SecurityEventView view) =>
        writer.WriteLineAsync(JsonSerializer.Serialize(view, MudbaseJsonContext.Default.SecurityEventView));
}
