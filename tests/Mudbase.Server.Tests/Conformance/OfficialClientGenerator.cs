using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace Mudbase.Server.Tests.Conformance;

/// <summary>
/// Generates the official clients' C# counterpart from the official contract with NSwag, the way a user of the
/// official SDK would: one client, methods named after the operationIds, Newtonsoft.Json (which honours the enums' wire names). OfficialClient.g.cs is its
/// output; <see cref="OfficialClientTests"/> checks it is current.
/// </summary>
public static class OfficialClientGenerator
{
    public const string Namespace = "Mudbase.Server.Tests.Conformance.Generated";

    public static string ContractPath => Path.Combine(AppContext.BaseDirectory, "Conformance", "Official", "mudbase-official-openapi-subset.yaml");

    public static Task<OpenApiDocument> LoadContractAsync(string? path = null) =>
        OpenApiYamlDocument.FromFileAsync(path ?? ContractPath);

    public static async Task<string> GenerateAsync(string? contractPath = null)
    {
        var document = await LoadContractAsync(contractPath);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "OfficialMudbaseClient",
            GenerateClientInterfaces = false,
            InjectHttpClient = true,
            UseBaseUrl = false,
            GenerateExceptionClasses = true,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            CSharpGeneratorSettings =
            {
                Namespace = Namespace,
                JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.NewtonsoftJson,
                GenerateNullableReferenceTypes = false,
            },
        };
        var code = new CSharpClientGenerator(document, settings).GenerateFile();
        return code.ReplaceLineEndings("\n");
    }
}
