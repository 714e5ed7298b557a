using System.Globalization;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation;
using NSwag;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// What an OpenAPI document declares an operation answers, and whether a live response matches it. A final <c>{path}</c>
/// parameter is a catch-all route's and spans segments (tile paths).
/// </summary>
public sealed class DeclaredResponses(OpenApiDocument document)
{
    private readonly List<(string Method, Regex Path, string Template, OpenApiOperation Operation)> operations =
        document.Paths.SelectMany(path => path.Value.Select(op => (op.Key.ToUpperInvariant(),
            new Regex("^" + Regex.Replace(Regex.Replace(Regex.Escape(path.Key), @"/\\\{path}$", "/.+"), @"\\\{[^/]+?}", "[^/]+") + "$",
                RegexOptions.None, TimeSpan.FromSeconds(1)),
            path.Key, op.Value))).ToList();

    /// <summary>The operation a request addresses: its operationId (or method and template), or null when none matches.</summary>
    public (string Name, OpenApiOperation Operation)? Find(string method, string path)
    {
        var match = operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(path));
        return match.Operation is null ? null : (match.Operation.OperationId ?? $"{method} {match.Template}", match.Operation);
    }

    /// <summary>Whether any operation of the document has this path, whatever its method.</summary>
    public bool HasPath(string path) => operations.Any(o => o.Path.IsMatch(path));

    /// <summary>The declared response for a status (or <c>default</c>); null when the operation does not declare it.</summary>
    public static OpenApiResponse? Declared(OpenApiOperation operation, int status)
    {
        var responses = operation.ActualResponses;
        return responses.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var declared) || responses.TryGetValue("default", out declared)
            ? declared.ActualResponse
            : null;
    }

    /// <summary>True for media types whose body is one JSON document (not JSON Lines).</summary>
    public static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal));

    /// <summary>The declared schema of a media type of a response, ignoring parameters such as charset.</summary>
    public static bool TryGetContent(OpenApiResponse response, string mediaType, out JsonSchema? schema)
    {
        schema = null;
        var content = response.Content.FirstOrDefault(c => string.Equals(c.Key.Split(';')[0].Trim(), mediaType, StringComparison.OrdinalIgnoreCase));
        if (content.Value is null)
            return false;
        schema = content.Value.Schema?.ActualSchema;
        return true;
    }

    /// <summary>The first validation error of a body against a schema, as "path: kind", or null when it validates.</summary>
    public static string? FirstError(JsonSchema schema, string body)
    {
        var errors = schema.Validate(body, SchemaType.OpenApi3);
        return errors.Count == 0 ? null : Describe(errors.First());
    }

    /// <summary>Every validation error of a body, for messages that list them all.</summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, string body) =>
        schema.Validate(body, SchemaType.OpenApi3).Select(Describe).ToList();

    // Errors under oneOf/anyOf and under a union of types say which nested rule failed first.
    private static string Describe(ValidationError error) => error switch
    {
        ChildSchemaValidationError { Errors.Count: > 0 } child =>
            $"{error.Path} {error.Kind} ({child.Errors.SelectMany(e => e.Value).Select(Describe).FirstOrDefault()})",
        MultiTypeValidationError { Errors.Count: > 0 } multi =>
            $"{error.Path} {error.Kind} ({multi.Errors.SelectMany(e => e.Value).Select(Describe).FirstOrDefault()})",
        _ => $"{error.Path} {error.Kind}",
    };
}
