using System.Collections.Concurrent;
using Mudbase.Server.Tests.Infrastructure;
using NSwag;

namespace Mudbase.Server.Tests.Conformance;

/// <summary>
/// Validates every JSON response that passes through it against the response schema an OpenAPI document declares for
/// that operation and status. A response whose operation or successful status the document does not declare is a
/// failure too; the official contract leaves most error statuses undeclared, so those pass unchecked.
/// </summary>
public sealed class ContractSchemaCheck(OpenApiDocument document) : DelegatingHandler
{
    private readonly DeclaredResponses declared = new(document);

    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>The operationIds whose responses validated.</summary>
    public ConcurrentDictionary<string, int> Validated { get; } = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Check(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType, body);
        return response;
    }

    private void Check(string method, string path, int status, string? mediaType, string body)
    {
        if (declared.Find(method, path) is not var (name, operation))
        {
            Failures.Enqueue($"{method} {path}: not an operation of the document");
            return;
        }
        if (DeclaredResponses.Declared(operation, status) is not { } response)
        {
            if (status < 400)
                Failures.Enqueue($"{name}: status {status} is not declared");
            return;
        }
        var schema = response.Content.Values.FirstOrDefault()?.Schema?.ActualSchema;
        if (schema is null || mediaType is null || !mediaType.Contains("json", StringComparison.Ordinal))
            return;
        var errors = DeclaredResponses.Errors(schema, body);
        if (errors.Count > 0)
        {
            Failures.Enqueue($"{name} {status}: {string.Join("; ", errors)} in {Truncate(body)}");
            return;
        }
        Validated.AddOrUpdate(name, 1, (_, count) => count + 1);
    }

    private static string Truncate(string body) => body.Length <= 400 ? body : body[..400] + "…";
}
