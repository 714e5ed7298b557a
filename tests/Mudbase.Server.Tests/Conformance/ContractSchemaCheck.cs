using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using NJsonSchema;
using NSwag;

namespace Mudbase.Server.Tests.Conformance;

/// <summary>
/// Validates every JSON response that passes through it against the response schema an OpenAPI document declares for
/// that operation and status. A response whose operation or status the document does not declare is a failure too.
/// </summary>
public sealed class ContractSchemaCheck(OpenApiDocument document) : DelegatingHandler
{
    private readonly List<(string Method, Regex Path, string Template, OpenApiOperation Operation)> operations =
        document.Paths.SelectMany(path => path.Value.Select(op => (op.Key.ToUpperInvariant(),
            new Regex("^" + Regex.Replace(Regex.Escape(path.Key), @"\\\{[^/]+?}", "[^/]+") + "$", RegexOptions.None, TimeSpan.FromSeconds(1)),
            path.Key, op.Value))).ToList();

    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>The operationIds whose responses validated.</summary>
    public ConcurrentDictionary<string, int> Validated { get; } = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Check(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType, body);
        // The body was read here; hand the caller a fresh copy.
        var content = new StringContent(body);
        content.Headers.Clear();
        foreach (var header in response.Content.Headers)
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content = content;
        return response;
    }

    private void Check(string method, string path, int status, string? mediaType, string body)
    {
        var match = operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(path));
        if (match.Operation is null)
        {
            Failures.Enqueue($"{method} {path}: not an operation of the document");
            return;
        }
        var name = match.Operation.OperationId ?? $"{method} {match.Template}";
        var responses = match.Operation.ActualResponses;
        if (!responses.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var declared)
            && !responses.TryGetValue("default", out declared))
        {
            // The official contract leaves most error statuses undeclared; only successes must be declared there.
            if (status < 400)
                Failures.Enqueue($"{name}: status {status} is not declared");
            return;
        }
        var schema = declared.ActualResponse.Content.Values.FirstOrDefault()?.Schema?.ActualSchema;
        if (schema is null || mediaType is null || !mediaType.Contains("json", StringComparison.Ordinal))
            return;
        var errors = schema.Validate(body, SchemaType.OpenApi3);
        if (errors.Count > 0)
        {
            Failures.Enqueue($"{name} {status}: {string.Join("; ", errors.Select(e => $"{e.Path} {e.Kind}"))} in {Truncate(body)}");
            return;
        }
        Validated.AddOrUpdate(name, 1, (_, count) => count + 1);
    }

    private static string Truncate(string body) => body.Length <= 400 ? body : body[..400] + "…";
}
