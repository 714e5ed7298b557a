using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;

namespace Mudbase.Server.Http;

/// <summary>Reads a JSON request body under the contract's limits, turning every violation into a 4xx.</summary>
internal static class JsonBody
{
    public const long DefaultLimit = 64 * 1024;
    public const int MaxDepth = 8;

    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    public static async Task<(JsonDocument? Document, ApiProblem? Problem)> ReadAsync(
        HttpRequest request, long limit = DefaultLimit)
    {
        if (!IsJson(request.ContentType))
            return (null, ApiProblem.UnsupportedMediaType());
        if (request.ContentLength > limit)
            return (null, ApiProblem.PayloadTooLarge(limit));

        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
            sizeFeature.MaxRequestBodySize = limit;

        // The body is read into a pooled array that goes back to the pool when the response is done: the document
        // (and every element of it a handler keeps until the events commit) reads its bytes in place until then.
        var buffer = new PooledBody(request.ContentLength is > 0 and var n ? (int)Math.Min(n, limit) : 4096);
        try
        {
            var (body, problem) = await ReadAsync(request, buffer, limit);
            if (problem is null)
                request.HttpContext.Response.RegisterForDispose(buffer);
            else
                buffer.Dispose();
            return (body, problem);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static async Task<(JsonDocument? Document, ApiProblem? Problem)> ReadAsync(
        HttpRequest request, PooledBody buffer, long limit)
    {
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(1), request.HttpContext.RequestAborted);
                if (read == 0)
                    break;
                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                    return (null, ApiProblem.PayloadTooLarge(limit));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblem.PayloadTooLarge(limit));
        }

        var written = buffer.WrittenMemory;
        if (written.Length == 0)
            return (null, ApiProblem.Validation("body", "a JSON object is required"));
        if (!Utf8.IsValid(written.Span))
            return (null, ApiProblem.Validation("body", "body is not valid UTF-8"));
        // Before parsing: the duplicate-property check decodes names, and a lone surrogate there would throw.
        if (JsonText.FindInvalidString(written.Span) is { } invalid)
            return (null, ApiProblem.Validation("body", invalid));
        try
        {
            return (JsonDocument.Parse(written, ParseOptions), null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblem.Validation("body", JsonText.ExplainRefusal(written.Span, MaxDepth) ?? Describe(e)));
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            return false;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    // The parser's own messages mention .NET types; callers get a stable, plain sentence instead.
    private static string Describe(JsonException e)
    {
        if (e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase))
            return "JSON contains a duplicate property" + LinePosition(e);
        return "body is not valid JSON" + LinePosition(e);
    }

    private static string LinePosition(JsonException e) =>
        e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
}
