namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>The server's own OpenAPI document (<c>/openapi/v1.json</c>), generated once per test run, and the rules a response must follow.</summary>
public static class OwnDocument
{
    private static readonly Lazy<Task<(string Json, DeclaredResponses Responses)>> Loaded = new(LoadAsync);

    public static async Task<string> JsonAsync() => (await Loaded.Value).Json;

    public static async Task<DeclaredResponses> ResponsesAsync() => (await Loaded.Value).Responses;

    /// <summary>The paths the document describes: the API and the health check; not the dashboard, the reference or metrics.</summary>
    public static bool Covers(string path) => path == "/health" || path.StartsWith("/api/", StringComparison.Ordinal);

    /// <summary>Why a response breaks the document, or null when it follows it.</summary>
    public static string? Check(DeclaredResponses declared, string method, string path, int status, string? mediaType, string? body)
    {
        if (declared.Find(method, path) is not var (name, operation))
        {
            // Routing answers unknown paths and methods itself; anything else reachable must be documented.
            return status == 405 || (status == 404 && !declared.HasPath(path))
                ? null
                : $"{method} {path} answered {status}, but the document has no such operation";
        }
        if (DeclaredResponses.Declared(operation, status) is not { } response)
            return $"{name} answered {status}, which it does not declare{Body(body)}";
        if (mediaType is null)
            return response.Content.Count == 0 ? null : $"{name} answered {status} without a body, but declares {string.Join(", ", response.Content.Keys)}";
        if (!DeclaredResponses.TryGetContent(response, mediaType, out var schema))
            return $"{name} answered {status} as {mediaType}, which it does not declare (declared: {string.Join(", ", response.Content.Keys)})";
        if (schema is null || body is null)
            return null;
        return DeclaredResponses.FirstError(schema, body) is { } error
            ? $"{name} answered {status} with a body that does not validate: {error}{Body(body)}"
            : null;
    }

    private static string Body(string? body) => body is null ? "" : $" — body: {(body.Length <= 400 ? body : body[..400] + "…")}";

    private static async Task<(string, DeclaredResponses)> LoadAsync()
    {
        await using var factory = new MudbaseFactory { CheckResponses = false };
        using var client = factory.CreateClient();
        var json = await client.GetStringAsync("/openapi/v1.json");
        return (json, new DeclaredResponses(await NSwag.OpenApiDocument.FromJsonAsync(json)));
    }
}
