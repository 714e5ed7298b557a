using System.Globalization;
using System.Text.Json;
using Mudbase.Contracts;

namespace Mudbase.Server.Compliance.Export;

/// <summary>
/// RFC 4180 CSV with a header row. Cells that a spreadsheet would run as a formula (leading = + - @, tab or CR)
/// are prefixed with an apostrophe, so an attacker-controlled detail value cannot execute on an auditor's machine.
/// </summary>
internal sealed class CsvExportFormat : IEventExportFormat
{
    private static readonly string[] NamedDetails = ["userId", "resource", "ipAddress", "userAgent", "action", "reason"];

    public string ContentType => "text/csv; charset=utf-8";

    public string FileExtension => "csv";

    public Task WriteHeaderAsync(TextWriter writer) => writer.WriteAsync(
        "eventId,sequence,recordedAt,eventType,severity,actor,sourceIp,userId,resource,ipAddress,userAgent,action,reason,otherDetails,erasedFields\r\n");

    public Task WriteAsync(TextWriter writer, SecurityEventView view)
    {
        var others = view.Details.Where(d => !NamedDetails.Contains(d.Key)).ToDictionary();
        var cells = new List<string?>
        {
            view.EventId,
            view.Sequence.ToString(CultureInfo.InvariantCulture),
            view.RecordedAt.UtcDateTime.ToString(UtcTimestampConverter.Format, CultureInfo.InvariantCulture),
            view.EventType, view.Severity, view.Actor, view.SourceIp,
        };
        cells.AddRange(NamedDetails.Select(name => view.Details.TryGetValue(name, out var value) ? Text(value) : null));
        cells.Add(others.Count == 0 ? null : JsonSerializer.Serialize(others, ExportJsonContext.Default.DictionaryStringJsonElement));
        cells.Add(view.ErasedFields is null ? null : string.Join(';', view.ErasedFields));
        return writer.WriteAsync(string.Join(',', cells.Select(Escape)) + "\r\n");
    }

    public static string Escape(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
            return "";
        if (cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            cell = "'" + cell;
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || cell[0] == ' ' || cell[^1] == ' '
            ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : cell;
    }

    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
