using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>A proof's leaf moved to wire records of its own; the published document describes it exactly as before.</summary>
public sealed class ProofLeafSchemaTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task TheProofLeafKeepsItsPublishedSchemaNamesAndFields()
    {
        using var response = await server.Factory.CreateClient().GetAsync("/openapi/v1.json");
        var schemas = (await Json.ReadAsync(response)).GetProperty("components").GetProperty("schemas");

        Assert.False(schemas.TryGetProperty("LeafEvent", out _));
        Assert.False(schemas.TryGetProperty("LeafDetail", out _));
        var opening = schemas.GetProperty("LeafOpening").GetProperty("properties");
        Assert.Equal("#/components/schemas/EvidenceEvent", opening.GetProperty("event").GetProperty("$ref").GetString());
        Assert.Equal(["actor", "eventType", "id", "org", "recordedAt", "seq", "severity", "source"], Names(schemas.GetProperty("EvidenceEvent")));
        Assert.Equal(["commitment", "erased", "salt", "value"], Names(schemas.GetProperty("EvidenceDetail")));
    }

    private static string[] Names(JsonElement schema) =>
        [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
