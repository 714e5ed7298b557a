using Mudbase.Contracts;

namespace Mudbase.Server.Compliance.Export;

/// <summary>One export format: a header (maybe empty) then one chunk of text per event.</summary>
internal interface IEventExportFormat
{
    string ContentType { get; }

    string FileExtension { get; }

    Task WriteHeaderAsync(TextWriter writer);

    Task WriteAsync(TextWriter writer, SecurityEventView view);
}
