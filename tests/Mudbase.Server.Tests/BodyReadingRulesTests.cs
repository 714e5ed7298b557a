using System.Net;
using System.Text;
using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// Every operation that takes a JSON body reads it the same way: a body that is not JSON by media type answers 415, a
/// malformed one 400 and a too large one 413, each with the Mudbase problem body. The operations are taken from the
/// published document, so a new endpoint is covered the moment it declares a body.
/// </summary>
public sealed class BodyReadingRulesTests(SqliteServer server) : IClassFixture<SqliteServer>, IAsyncLifetime
{
    // Above every operation's limit, the batch endpoint's 4 MiB included.
    private const int Oversized = 5 * 1024 * 1024;

    public Task InitializeAsync() => server.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public Task EveryJsonBodyInAnotherMediaTypeAnswers415() =>
        AssertEveryOperationAsync(() => new StringContent("{}", Encoding.UTF8, "text/plain"),
            HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);

    [Fact]
    public Task EveryMalformedJsonBodyAnswers400() =>
        AssertEveryOperationAsync(() => Json.Body("{\"a\":"), HttpStatusCode.BadRequest, ErrorCodes.ValidationError);

    [Fact]
    public Task EveryTooLargeJsonBodyAnswers413() =>
        AssertEveryOperationAsync(() => Json.Body("{\"a\":\"" + new string('x', Oversized) + "\"}"),
            HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);

    [Fact]
    public async Task TheDocumentDeclaresTheBodyTakingOperationsThisWalksThrough()
    {
        var operations = await BodyOperationsAsync();
        Assert.Contains(("POST", "/api/compliance/security-event"), operations);
        Assert.Contains(("POST", "/api/auth/login"), operations);
        Assert.True(operations.Count >= 20, $"only {operations.Count} operations with a JSON body");
    }

    private async Task AssertEveryOperationAsync(Func<HttpContent> body, HttpStatusCode expected, string code)
    {
        var failures = new List<string>();
        foreach (var (method, path) in await BodyOperationsAsync())
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path)) { Content = body() };
            using var response = await server.OwnerClient.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || !text.Contains($"\"code\":\"{code}\"", StringComparison.Ordinal))
                failures.Add($"{method} {path}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<List<(string Method, string Path)>> BodyOperationsAsync()
    {
        using var document = JsonDocument.Parse(await OwnDocument.JsonAsync());
        var operations = new List<(string, string)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.ValueKind == JsonValueKind.Object
                    && operation.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.TryGetProperty("content", out var content)
                    && content.TryGetProperty("application/json", out _))
                    operations.Add((operation.Name.ToUpperInvariant(), path.Name));
            }
        }
        return operations;
    }

    // Path parameters name the caller's own organisation and user, or something that does not exist: the body is
    // refused before anything is looked up.
    private string Fill(string path) => path
        .Replace("{orgId}", server.Owner.OrgId, StringComparison.Ordinal)
        .Replace("{userId}", server.Owner.UserId, StringComparison.Ordinal)
        .Split('/').Select(segment => segment.StartsWith('{') ? "none_such" : segment).Aggregate((a, b) => a + "/" + b);
}
