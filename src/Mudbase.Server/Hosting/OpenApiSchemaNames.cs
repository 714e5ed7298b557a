using Microsoft.AspNetCore.OpenApi;
using Mudbase.Contracts;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Keeps the published schema names of a proof's leaf: its wire records moved from the ledger library into the
/// contracts as <see cref="LeafEvent"/> and <see cref="LeafDetail"/>, with the same JSON, and generated clients keep
/// the names they were built with.
/// </summary>
internal static class OpenApiSchemaNames
{
    public static OpenApiOptions KeepMudbaseSchemaNames(this OpenApiOptions options)
    {
        options.CreateSchemaReferenceId = type =>
            type.Type == typeof(LeafEvent) ? "EvidenceEvent"
            : type.Type == typeof(LeafDetail) ? "EvidenceDetail"
            : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        return options;
    }
}
