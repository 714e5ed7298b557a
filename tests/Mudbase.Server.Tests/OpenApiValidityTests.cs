using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>The document at /openapi/v1.json is valid OpenAPI 3.1, precise enough to generate clients from, and its examples are true to it.</summary>
public sealed class OpenApiValidityTests
{
    [Fact]
    public async Task TheOpenApiReaderFindsNoErrorsAndTheValidatorNoRuleBroken()
    {
        var json = await OwnDocument.JsonAsync();
        var read = OpenApiDocument.Parse(json, "json", new OpenApiReaderSettings());

        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic!.SpecificationVersion);
        Assert.True(read.Diagnostic.Errors.Count == 0, string.Join("\n", read.Diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        var broken = read.Document!.Validate(Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(broken.Count == 0, string.Join("\n", broken.Select(e => $"{e.Pointer}: {e.Message}")));
    }

    [Fact]
    public async Task EveryExampleValidatesAgainstTheSchemaBesideIt()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(await OwnDocument.JsonAsync());
        var checkedExamples = 0;
        var failures = new List<string>();
        foreach (var (path, item) in document.Paths)
            foreach (var (method, operation) in item)
            {
                var media = (operation.RequestBody?.Content ?? new Dictionary<string, NSwag.OpenApiMediaType>()).Select(c => ("request", c.Key, c.Value))
                    .Concat(operation.ActualResponses.SelectMany(r => r.Value.ActualResponse.Content.Select(c => (r.Key, c.Key, c.Value))));
                foreach (var (where, type, content) in media)
                {
                    if (content.Example is null || content.Schema?.ActualSchema is not { } schema)
                        continue;
                    checkedExamples++;
                    var example = Newtonsoft.Json.JsonConvert.SerializeObject(content.Example);
                    failures.AddRange(DeclaredResponses.Errors(schema, example).Select(e => $"{method} {path} {where} {type}: {e}"));
                }
            }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedExamples >= 20, $"only {checkedExamples} examples were checked");
    }

    [Fact]
    public async Task TheServerAddressEndsWithoutASlashAndHealthAndStatusAreOperations()
    {
        using var document = JsonDocument.Parse(await OwnDocument.JsonAsync());
        var root = document.RootElement;

        Assert.All(root.GetProperty("servers").EnumerateArray(), s => Assert.False(s.GetProperty("url").GetString()!.EndsWith('/')));
        var health = root.GetProperty("paths").GetProperty("/health").GetProperty("get");
        Assert.Equal("healthCheck", health.GetProperty("operationId").GetString());
        Assert.Empty(health.GetProperty("security").EnumerateArray());
        Assert.True(health.GetProperty("responses").TryGetProperty("503", out _));
        Assert.Equal("systemStatus", root.GetProperty("paths").GetProperty("/api/status").GetProperty("get").GetProperty("operationId").GetString());
    }

    [Theory]
    [InlineData("/api/compliance/security-events", "limit", "integer", "1", "500")]
    [InlineData("/api/compliance/security-events/{eventId}/proof", "treeSize", "integer", "1", null)]
    [InlineData("/api/compliance/ledger/consistency", "to", "integer", "0", null)]
    public async Task NumericQueryParametersAreTypedWithTheirRange(string path, string name, string type, string minimum, string? maximum)
    {
        var schema = (await ParameterAsync(path, name)).GetProperty("schema");

        Assert.Equal(type, schema.GetProperty("type").GetString());
        Assert.Equal(minimum, schema.GetProperty("minimum").GetRawText());
        if (maximum is not null)
            Assert.Equal(maximum, schema.GetProperty("maximum").GetRawText());
    }

    [Theory]
    [InlineData("/api/compliance/security-events/export", "format", "jsonl,csv,ocsf,evidence")]
    [InlineData("/api/compliance/security-events", "order", "desc,asc")]
    [InlineData("/api/compliance/security-events", "minSeverity", "low,medium,high,critical")]
    public async Task ChoiceQueryParametersDeclareTheirValues(string path, string name, string values)
    {
        var schema = (await ParameterAsync(path, name)).GetProperty("schema");

        Assert.Equal(values.Split(','), schema.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task TimeFiltersAreDateTimesAndTheExportDeclaresItsJsonLinesAndCsvBodies()
    {
        Assert.Equal("date-time", (await ParameterAsync("/api/compliance/security-events", "from")).GetProperty("schema").GetProperty("format").GetString());
        using var document = JsonDocument.Parse(await OwnDocument.JsonAsync());
        var content = document.RootElement.GetProperty("paths").GetProperty("/api/compliance/security-events/export").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content");

        Assert.Equal(["application/x-ndjson", "text/csv"], content.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryPathParameterOfEveryRouteIsDeclared()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(await OwnDocument.JsonAsync());
        var missing = from path in document.Paths
                      from operation in path.Value
                      from segment in path.Key.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'))
                      where !operation.Value.ActualParameters.Any(p => p.Name == segment && p.Kind == NSwag.OpenApiParameterKind.Path)
                      select $"{operation.Key} {path.Key}: {segment}";

        Assert.Empty(missing);
    }

    [Fact]
    public async Task EveryResponseOfEveryOperationDeclaresABodyWithASchemaAndEveryOperationCanAnswer503()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(await OwnDocument.JsonAsync());
        var operations = document.Paths.SelectMany(path => path.Value.Select(op => (Name: $"{op.Key} {path.Key}", Operation: op.Value))).ToList();

        var bare = from o in operations
                   from response in o.Operation.ActualResponses
                   where response.Value.ActualResponse.Content.Count == 0
                         || response.Value.ActualResponse.Content.Values.Any(c => c.Schema is null)
                   select $"{o.Name} {response.Key}";
        Assert.Empty(bare);
        Assert.Empty(operations.Where(o => !o.Operation.ActualResponses.ContainsKey("503")).Select(o => o.Name));
    }

    private static async Task<JsonElement> ParameterAsync(string path, string name)
    {
        using var document = JsonDocument.Parse(await OwnDocument.JsonAsync());
        return document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).Clone();
    }
}
